"""axe-core on every page of the installed step, in real chromium: no serious or critical violation.

The counts per impact of every page land in artifacts/axe/ (the `axe` fixture).
"""

import googlekaap
import pytest
from conftest import PASSWORD

pytestmark = pytest.mark.reference


@pytest.fixture
def base_url(live_server, app):
    return live_server(app)


@pytest.fixture
def check_page(page, base_url, axe):
    """`check_page(path, name)`: open the page, assert axe finds nothing serious or critical."""

    def check(path, name):
        page.goto(f"{base_url}{path}")
        found = axe(page, f"app-v{googlekaap.__version__}-{name}")
        assert not found, f"{path}: 접근성 위반 (serious/critical) {len(found)}건:\n" + "\n".join(found)

    return check


def log_in(page, base_url, user_id, password=PASSWORD):
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize("name", ["login", "register"])
def test_form_pages_have_no_serious_accessibility_violation(check_page, name):
    """폼 화면은 화면 읽기 프로그램으로도 쓸 수 있어야 합니다: 입력칸의 `<label>`, `<html lang>`을 보세요."""
    check_page(f"/auth/{name}", name)


@pytest.mark.lesson("v1.0.7", "login")
def test_a_failed_login_has_no_serious_accessibility_violation(page, base_url, alice, axe):
    """로그인 실패 메시지도 화면 읽기 프로그램이 읽어야 합니다 (`role="alert"`), 대비도 충분해야 합니다."""
    log_in(page, base_url, alice.user_id, "wrong-password-1")
    page.get_by_role("alert").wait_for()
    found = axe(page, f"app-v{googlekaap.__version__}-login-failed")
    assert not found, "로그인 실패 화면의 접근성 위반 (serious/critical):\n" + "\n".join(found)


@pytest.mark.lesson("v1.0.7", "index")
@pytest.mark.parametrize("logged_in", [False, True], ids=["logged-out", "logged-in"])
def test_index_has_no_serious_accessibility_violation(check_page, page, base_url, alice, logged_in):
    """첫 화면도 화면 읽기 프로그램이 읽을 수 있어야 합니다: `<h1>`, `<main>`, 링크 이름을 보세요."""
    if logged_in:
        log_in(page, base_url, alice.user_id)
        page.wait_for_url(f"{base_url}/")
    check_page("/", f"index-{'logged-in' if logged_in else 'logged-out'}")


@pytest.mark.lesson("v1.0.7", "errors")
def test_the_error_page_has_no_serious_accessibility_violation(check_page):
    """오류 페이지(404)도 `base.html`의 `lang`, 랜드마크, 제목을 그대로 가져야 합니다."""
    check_page("/no-such-page", "404")
