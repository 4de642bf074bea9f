"""axe-core on every page of the installed step, in real chromium: no serious or critical violation."""

import googlekaap
import pytest
from conftest import PASSWORD

pytestmark = pytest.mark.reference


@pytest.fixture
def base_url(live_server, app):
    return live_server(app)


def logged_in(page, base_url, user_id):
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("아이디").fill(user_id)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base_url}/")


PAGES = [
    pytest.param("/auth/login", False, id="login", marks=pytest.mark.lesson("v1.0.7", "login")),
    pytest.param("/auth/register", False, id="register", marks=pytest.mark.lesson("v1.0.7", "register")),
    pytest.param("/", False, id="index-logged-out", marks=pytest.mark.lesson("v1.0.7", "index")),
    pytest.param("/", True, id="index-logged-in", marks=pytest.mark.lesson("v1.0.7", "index")),
    pytest.param("/no-such-page", False, id="404", marks=pytest.mark.lesson("v1.0.7", "errors")),
]


@pytest.mark.parametrize(("path", "log_in"), PAGES)
def test_page_has_no_serious_accessibility_violation(page, base_url, alice, axe, path, log_in, request):
    """화면 읽기 프로그램도 쓸 수 있어야 합니다: <html lang>, 입력칸의 <label>, <main>, 글자 대비를 보세요.

    axe-core's serious and critical rules; the counts per impact land in artifacts/axe/.
    """
    if log_in:
        logged_in(page, base_url, alice.user_id)
    page.goto(f"{base_url}{path}")
    found = axe(page, f"app-v{googlekaap.__version__}-{request.node.callspec.id}")
    assert not found, f"{path}: 접근성 위반 (serious/critical) {len(found)}건:\n" + "\n".join(found)


@pytest.mark.lesson("v1.0.7", "login")
def test_page_with_a_failed_login_has_no_serious_accessibility_violation(page, base_url, alice, axe):
    """로그인 실패 메시지도 화면 읽기 프로그램이 읽어야 합니다 (role="alert"), 대비가 충분해야 합니다.

    The error state adds markup (the generic message) that the plain form has not.
    """
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("아이디").fill(alice.user_id)
    page.get_by_label("비밀번호").fill("wrong-password-1")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("alert").wait_for()
    found = axe(page, f"app-v{googlekaap.__version__}-login-failed")
    assert not found, "로그인 실패 화면의 접근성 위반 (serious/critical):\n" + "\n".join(found)
