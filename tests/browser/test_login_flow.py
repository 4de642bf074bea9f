"""The login flow of the installed step, clicked through in real chromium on a real server (CSRF on)."""

import googlekaap
import pytest
from conftest import PASSWORD
from playwright.sync_api import expect
from test_session_cookie import decode_session_cookie

LOGIN_FAILED = "아이디 또는 비밀번호가 올바르지 않습니다."

# The browser finds things by our labels, button names and markup: reference tests of our steps.
pytestmark = pytest.mark.reference


@pytest.fixture
def base_url(live_server, app):
    return live_server(app)


def log_in(page, base_url, user_id, password):
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


def expect_logged_in(page, base_url, user_id):
    expect(page, "로그인하면 첫 화면(/)으로 가야 합니다 (should land on the index)").to_have_url(
        f"{base_url}/"
    )
    expect(
        page.locator("main strong"), "첫 화면에 로그인한 아이디가 보여야 합니다 (index shows the user_id)"
    ).to_have_text(user_id)


def expect_logged_out(page, base_url):
    page.goto(f"{base_url}/")
    expect(
        page.get_by_role("link", name="로그인하러 가기"),
        "로그아웃 상태면 첫 화면에 로그인 링크가 보여야 합니다 (logged out: index should link to login)",
    ).to_be_visible()
    expect(page.locator("main strong"), "로그아웃했는데 아이디가 보입니다 (still shown)").to_have_count(0)


@pytest.mark.lesson("v1.0.7", "register")
def test_register_form_logs_in_and_index_shows_user_id(page, base_url, users, screenshot):
    """브라우저에서 가입 폼을 채워 누르면 로그인되어 첫 화면에 아이디와 환영 메시지가 보여야 합니다."""
    page.goto(f"{base_url}/auth/register")
    page.get_by_label("아이디").fill("kim.e2e")
    page.get_by_label("이름").fill("김브라우저")
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()

    expect_logged_in(page, base_url, "kim.e2e")
    expect(page.get_by_role("alert"), "가입 환영 메시지가 보여야 합니다 (welcome flash)").to_have_text(
        "김브라우저님, 가입을 환영합니다."
    )
    assert "kim.e2e" in users, "가입한 사용자가 저장소에 없습니다 (registered user not stored)"
    screenshot(page, f"index-after-login-v{googlekaap.__version__}")


@pytest.mark.lesson("v1.0.7", "devtools")
def test_session_cookie_is_httponly_lax_and_readable_without_the_key(page, base_url, alice):
    """브라우저의 googlekaap 쿠키는 HttpOnly, SameSite=Lax이고 키 없이 디코딩하면 user_id가 보여야 합니다."""
    log_in(page, base_url, alice.user_id, PASSWORD)
    expect_logged_in(page, base_url, alice.user_id)

    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert "googlekaap" in cookies, f"브라우저에 googlekaap 쿠키가 없습니다 (cookie jar: {sorted(cookies)})"
    cookie = cookies["googlekaap"]
    assert cookie["httpOnly"], "세션 쿠키에 HttpOnly가 없습니다: 자바스크립트가 읽을 수 있습니다"
    assert cookie["sameSite"] == "Lax", f"세션 쿠키의 SameSite가 Lax가 아닙니다: {cookie['sameSite']}"
    # 서명만 되어 있고 암호화는 아니므로, 키 없이도 내용이 보입니다.
    payload = decode_session_cookie(cookie["value"])
    assert payload.get("user_id") == alice.user_id, f"쿠키 내용에 user_id가 없습니다 (payload: {payload})"


@pytest.mark.lesson("v1.0.7", "logout")
def test_logout_button_logs_out(page, base_url, alice):
    """로그아웃 버튼(POST 폼)을 누르면 로그인 화면으로 가고 로그아웃 상태가 되어야 합니다."""
    log_in(page, base_url, alice.user_id, PASSWORD)
    expect_logged_in(page, base_url, alice.user_id)

    page.get_by_role("button", name="로그아웃").click()
    expect(page, "로그아웃하면 로그인 화면으로 가야 합니다 (should land on /auth/login)").to_have_url(
        f"{base_url}/auth/login"
    )
    expect_logged_out(page, base_url)


@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(
    ("user_id", "password"),
    [("alice", "wrong-password-1"), ("nobody", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_shows_one_generic_message_then_right_password_logs_in(
    page, base_url, alice, user_id, password
):
    """로그인 실패는 메시지 하나만 보여 주고, 그다음 맞는 비밀번호로는 로그인되어야 합니다."""
    log_in(page, base_url, user_id, password)
    expect(page.get_by_role("alert"), f"로그인 실패 메시지는 '{LOGIN_FAILED}' 하나여야 합니다").to_have_text(
        LOGIN_FAILED
    )
    expect_logged_out(page, base_url)

    log_in(page, base_url, alice.user_id, PASSWORD)
    expect_logged_in(page, base_url, alice.user_id)


@pytest.mark.lesson("v1.0.7", "register")
def test_the_browser_blocks_a_short_password_but_the_server_checks_it_too(page, base_url, users):
    """minlength는 브라우저의 편의입니다: 속성을 지우고 보내도 서버가 8자 미만 비밀번호를 거절해야 합니다."""
    page.goto(f"{base_url}/auth/register")
    page.get_by_label("아이디").fill("short.pw")
    page.get_by_label("이름").fill("짧은비번")
    page.get_by_label("비밀번호", exact=True).fill("x" * 7)
    page.get_by_label("비밀번호 확인").fill("x" * 7)
    password = page.get_by_label("비밀번호", exact=True)
    page.get_by_role("button", name="가입하기").click()
    # 브라우저가 막았습니다: 요청이 나가지 않았고, 칸에는 브라우저 자신의 검증 메시지가 있습니다.
    assert password.evaluate("input => input.validity.tooShort")
    assert password.evaluate("input => input.validationMessage")
    assert len(users) == 0
    # 개발자 도구에서 속성을 지운 것처럼: 이번에는 서버가 검사하고 한국어로 거절합니다.
    page.get_by_label("비밀번호", exact=True).evaluate("input => input.removeAttribute('minlength')")
    page.get_by_label("비밀번호 확인").evaluate("input => input.removeAttribute('minlength')")
    page.get_by_role("button", name="가입하기").click()
    expect(page.get_by_text("비밀번호는 8자 이상 128자 이하여야 합니다.")).to_be_visible()
    assert len(users) == 0
