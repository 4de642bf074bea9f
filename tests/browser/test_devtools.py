"""What a learner sees in the browser's developer tools, and which requests carry the cookie.

Real chromium against real servers on 127.0.0.1 (free ports), CSRF on, as the lessons run the app.
"""

import json
import re

import pytest
from conftest import PASSWORD, make_app
from flask import Flask
from playwright.sync_api import expect
from test_session_cookie import decode_session_cookie

from browser.conftest import CHROMIUM_ARGS, SYSTEM_CHROMIUM

CSRF_TOKEN = re.compile(r"[0-9a-f]{40}\Z")


def googlekaap_cookie(page):
    """개발자 도구의 Application → Cookies 표에서 googlekaap 줄의 값 (없으면 None)."""
    values = [cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "googlekaap"]
    return values[0] if values else None


def register(page, url, user_id):
    page.goto(f"{url}/auth/register")
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("이름").fill(user_id)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="가입하기").click()
    expect(page.locator("main strong")).to_have_text(user_id)
    return posted.value


@pytest.mark.lesson("v1.0.7", "devtools")
def test_devtools_shows_the_decoded_cookie_the_lesson_promises(page, live_server, app):
    """개발자 도구의 googlekaap 쿠키를 디코딩하면 강의에 적힌 그대로여야 합니다 (가입 전·직후·로그아웃 뒤)."""
    url = live_server(app)

    # 1. 가입 화면을 열기만 해도 쿠키가 생깁니다: CSRF 토큰 하나.
    page.goto(f"{url}/auth/register")
    before = decode_session_cookie(googlekaap_cookie(page))
    assert list(before) == ["csrf_token"] and CSRF_TOKEN.match(before["csrf_token"])

    # 2. 가입 응답(Network 탭의 302)의 Set-Cookie: 압축되어 '.'으로 시작하고 _flashes가 있습니다.
    response = register(page, url, "kim")
    set_cookie = response.header_value("set-cookie")
    value = set_cookie.split(";")[0].removeprefix("googlekaap=")
    assert value.startswith(".")
    assert sorted(decode_session_cookie(value)) == ["_flashes", "user_id"]

    # 3. 첫 화면을 그린 뒤 Application 탭의 값: csrf_token 옆에 user_id.
    #    HttpOnly ✓, SameSite Lax, Secure 없음, 만료 시각 없음(-1: 브라우저를 닫으면 지워지는 쿠키).
    [row] = [cookie for cookie in page.context.cookies() if cookie["name"] == "googlekaap"]
    assert (row["httpOnly"], row["sameSite"], row["secure"], row["expires"]) == (True, "Lax", False, -1)
    after = decode_session_cookie(googlekaap_cookie(page))
    assert sorted(after) == ["csrf_token", "user_id"]
    assert after["user_id"] == "kim" and CSRF_TOKEN.match(after["csrf_token"])

    # 4. 로그아웃한 뒤에도 쿠키는 남아 있고, user_id만 빠졌습니다.
    page.get_by_role("button", name="로그아웃").click()
    expect(page).to_have_url(f"{url}/auth/login")
    assert list(decode_session_cookie(googlekaap_cookie(page))) == ["csrf_token"]


@pytest.mark.lesson("session", "cookie-basics")
def test_a_browser_sends_the_cookie_from_one_port_to_another(page, live_server):
    """쿠키는 포트를 가리지 않습니다: 한 포트에서 로그인한 브라우저는 다른 포트에도 같은 쿠키를 보냅니다."""
    # 같은 키를 쓰는 서로 다른 두 앱(사용자 저장소도 따로): 로드 밸런서 뒤의 서버 두 대와 같습니다.
    a, b = live_server(make_app()), live_server(make_app())
    register(page, a, "lee")
    page.goto(b)
    expect(page.locator("main strong")).to_have_text("lee")


def with_profile(browser, profile, restore):
    """chromium with its own profile folder: one browser on one computer. restore: '이전 세션 계속' 켜기."""
    preferences = profile / "Default" / "Preferences"
    if not preferences.exists():
        preferences.parent.mkdir(parents=True)
        # chrome://settings의 '시작할 때' → '중단한 위치에서 계속하기'가 바꾸는 값입니다 (1).
        preferences.write_text(json.dumps({"session": {"restore_on_startup": 1}} if restore else {}))
    return browser.browser_type.launch_persistent_context(
        profile, executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS, locale="ko-KR"
    )


@pytest.mark.lesson("session", "expiry")
@pytest.mark.parametrize("restore", [False, True], ids=["closed", "continue-where-you-left-off"])
def test_a_browser_that_restores_its_last_session_brings_the_session_cookie_back(
    browser, live_server, app, tmp_path, restore
):
    """'이전 세션 계속'을 켠 브라우저는 만료 시각 없는 쿠키도 되살립니다. 공용 컴퓨터에서는 로그아웃하세요."""
    url = live_server(app)
    first = with_profile(browser, tmp_path / "profile", restore)
    page = first.new_page()
    page.goto(f"{url}/auth/register")
    fields = {"아이디": "jung", "이름": "정", "비밀번호": PASSWORD, "비밀번호 확인": PASSWORD}
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="가입하기").click()
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()  # 로그인한 첫 화면
    assert [cookie["expires"] for cookie in first.cookies() if cookie["name"] == "googlekaap"] == [-1]
    first.close()  # 브라우저를 닫습니다

    again = with_profile(browser, tmp_path / "profile", restore)
    page = again.new_page()
    page.goto(url)
    # 복원하지 않는 브라우저는 닫을 때 쿠키를 지웠습니다(로그아웃 상태).
    # 복원하는 브라우저는 쿠키를 되살려 로그인 상태 그대로입니다.
    expect(page.get_by_role("button", name="로그아웃")).to_have_count(1 if restore else 0)
    again.close()


def other_port_page(target):
    """다른 포트에 뜬 '다른 사람의 페이지': 열리자마자 target으로 폼을 POST합니다 (CSRF 토큰 없이)."""
    site = Flask(__name__)

    @site.get("/")
    def attack():
        return (
            f'<form id="f" method="post" action="{target}/auth/logout"></form>'
            "<script>document.getElementById('f').submit()</script>"
        )

    return site


@pytest.mark.lesson("threat-model", "csrf")
@pytest.mark.parametrize("csrf_enabled", [False, True], ids=["csrf-off-control", "csrf-on"])
def test_samesite_lax_sends_the_cookie_on_a_post_from_another_port(browser, live_server, csrf_enabled):
    """다른 포트는 같은 사이트라서 SameSite=Lax여도 쿠키가 실립니다. 그래서 CSRF 토큰 검사가 꼭 필요합니다.

    Its own context, not the guarded `page`: the refused POST is expected and logs a console error.
    """
    context = browser.new_context()
    page = context.new_page()
    target = live_server(make_app(WTF_CSRF_ENABLED=csrf_enabled))
    register(page, target, "park")
    with page.expect_response(f"{target}/auth/logout") as posted:
        page.goto(live_server(other_port_page(target)))
    page.goto(target)
    if csrf_enabled:
        # 토큰이 없으니 400으로 거절되고, 여전히 로그인 상태입니다.
        assert posted.value.status == 400
        expect(page.locator("main strong")).to_have_text("park")
    else:
        # 대조군: 토큰 검사가 없으면 쿠키가 실린 POST가 그대로 통해 로그아웃되어 버립니다.
        assert posted.value.status == 302
        expect(page.locator("main strong")).to_have_count(0)
    context.close()


def cross_site_page(target):
    """localhost에 뜬 '다른 사이트': 127.0.0.1과는 등록 가능한 도메인이 달라 다른 사이트입니다.

    target의 이미지 하나, target으로 가는 링크 하나, target으로 자동 POST하는 폼 하나가 있습니다.
    """
    site = Flask(__name__)

    @site.get("/image")
    def image():
        return f'<img src="{target}/?from=img" alt="">'

    @site.get("/link")
    def link():
        return f'<a href="{target}/?from=link">googlekaap로 가기</a>'

    @site.get("/form")
    def form():
        return (
            f'<form id="f" method="post" action="{target}/auth/logout?from=form"></form>'
            "<script>document.getElementById('f').submit()</script>"
        )

    return site


@pytest.mark.lesson("v1.0.7", "logout")
def test_samesite_lax_sends_the_cookie_on_cross_site_links_only(browser, live_server):
    """Lax 쿠키는 다른 사이트에서 누른 링크(최상위 GET)에만 실리고, 이미지와 POST에는 실리지 않습니다."""
    target = make_app(WTF_CSRF_ENABLED=False)
    carried = {}

    @target.before_request
    def record():
        from flask import request

        if "from" in request.args:
            carried[request.args["from"]] = "googlekaap" in request.cookies

    url = live_server(target)
    other = live_server(cross_site_page(url)).replace("127.0.0.1", "localhost")
    context = browser.new_context()
    page = context.new_page()
    register(page, url, "choi")
    page.goto(f"{other}/image")
    page.wait_for_load_state("networkidle")
    page.goto(f"{other}/link")
    page.get_by_role("link").click()
    expect(page.locator("main strong")).to_have_text("choi")
    with page.expect_response(lambda response: "from=form" in response.url):
        page.goto(f"{other}/form")
    context.close()
    assert carried == {"img": False, "link": True, "form": False}
