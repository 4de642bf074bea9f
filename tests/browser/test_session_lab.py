"""The session page's lab (docs/session.md#lab) in real chromium, on each build (`nox -s e2e_site`).

The lab runs steps/v1.0.7 with Pyodide in a web worker. Starting it takes seconds, so one page at a
phone's width starts it once for this module; the tests drive it with the keyboard only, and the page
records every request and console error. The checks that need no Pyodide use the guarded `page` fixture.
"""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from lessons import LAB_STEP
from playwright.sync_api import expect

# reference: they pin this site's own lab and its wording; a learner's code is never run here.
pytestmark = [pytest.mark.lesson("session", "lab"), pytest.mark.reference]

# Pyodide takes seconds to start (`nox -s bench` measures it): a busy machine must not fail the test.
READY_MS = 90_000
# One request through the app in Pyodide takes a fraction of a second; some slack for a busy machine.
ACT_MS = 20_000
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def lab(browser, site_url):
    """The session page with the lab started: the page, and what it requested and logged as errors."""
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    context.set_default_timeout(15_000)
    seen = SimpleNamespace(requests=[], outside=[], errors=[])

    def only_the_site(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            seen.outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    page = context.new_page()
    # Requests of the lab's web worker (Pyodide, the wheels, the step's files) are reported here too.
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and seen.errors.append(message.text))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.goto(f"{site_url}/session/")
    page.get_by_role("button", name="실험실 시작").press("Enter")
    expect(page.get_by_role("status").filter(has_text="준비되었습니다")).to_be_visible(timeout=READY_MS)
    # The start button is gone; the focus waits in the first field of step 1.
    expect(page.get_by_label("아이디")).to_be_focused()
    seen.page = page
    yield seen
    context.close()


def part(lab, action):
    """One of the lab's four parts, by what it runs: its controls, status line and result."""
    return lab.page.locator(f'[data-lab-panel]:has([data-lab-result="{action}"])')


def log_in(lab, user_id="alice", user_name="앨리스"):
    """Step 1 as a learner does it: type into the fields, then Enter (the form is submitted)."""
    login = part(lab, "register_and_login")
    login.get_by_label("이름").fill(user_name)
    login.get_by_label("아이디").fill(user_id)
    login.get_by_label("아이디").press("Enter")
    expect(login.get_by_role("status")).to_contain_text("로그인했습니다", timeout=ACT_MS)
    return login


def test_the_lab_loads_nothing_until_its_start_button_is_pressed(page, site_url):
    """실험실은 시작 버튼을 누르기 전에는 Pyodide도 패키지도 받지 않습니다."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/session/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name="실험실 시작")).to_be_visible()
    expect(page.locator("[data-lab-panel]").first).to_be_hidden()
    assert not [url for url in requested if "/lab/" in url or "session-lab-worker" in url], requested


def test_the_lab_without_its_runtime_says_how_to_get_it(page, site_url):
    """Pyodide를 받지 못한 빌드의 실험실은 쓸 수 없다고, 인터넷이 되는 곳에서 nox -s docs를 하라고 합니다."""
    # What `nox -s lab` writes when it cannot download: the step's files, and no Pyodide.
    offline = {"step": LAB_STEP, "files": ["googlekaap/__init__.py"]}
    page.route("**/lab/runtime/lab.json", lambda route: route.fulfill(json=offline))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/session/")
    page.get_by_role("button", name="실험실 시작").click()
    status = page.get_by_role("status").filter(has_text="실험실을 쓸 수 없습니다")
    expect(status).to_contain_text("nox -s docs")
    assert not [url for url in requested if "/pyodide/" in url or "/packages/" in url], requested


def test_the_lab_registers_and_logs_in_with_the_steps_forms_and_decodes_the_cookie(lab):
    """실험실은 v1.0.7의 폼과 CSRF 토큰으로 가입·로그인하고, Set-Cookie와 푼 내용·시각·서명을 보여 줍니다."""
    result = log_in(lab, "bora", "보라").locator('[data-lab-result="register_and_login"]')
    for request in ["GET /auth/register", "POST /auth/register", "POST /auth/logout", "GET /auth/login"]:
        expect(result.locator("li").filter(has_text=request).first).to_be_visible()
    expect(result.locator("li").filter(has_text="POST /auth/login")).to_contain_text("302")
    login = result.locator(".session-lab__cookie").filter(has_text="로그인 응답의 쿠키")
    expect(login.locator("pre").first).to_contain_text("Set-Cookie: googlekaap=eyJ")
    expect(login.locator("pre").first).to_contain_text("HttpOnly")
    content, signed_at, signature = (login.locator("tbody tr").nth(row) for row in range(3))
    expect(content).to_contain_text('"user_id": "bora"')
    expect(signed_at).to_contain_text("UTC")
    expect(signature).to_contain_text("(20바이트)")
    # The registration's cookie carries the Korean flash message: compressed, so it starts with '.'.
    registered = result.locator(".session-lab__cookie").filter(has_text="가입 응답의 쿠키")
    expect(registered.locator("h4")).to_contain_text("zlib")
    expect(registered.locator("tbody tr").first).to_contain_text("보라님, 가입을 환영합니다.")


def send(lab, edit=None):
    """Step 2: edit the cookie in the box with one of its buttons (or not), then send it."""
    tamper = part(lab, "send_cookie")
    if edit:
        tamper.get_by_role("button", name=edit).press("Enter")
        expect(tamper.get_by_role("status")).to_contain_text("바꿨습니다", timeout=ACT_MS)
    tamper.get_by_role("button", name="이 쿠키로 첫 화면 열기").press("Enter")
    expect(tamper.get_by_role("status")).to_contain_text("쿠키를", timeout=ACT_MS)
    return tamper


def test_the_lab_refuses_a_cookie_whose_content_was_edited(lab):
    """내용을 바꾼 쿠키(시각과 서명은 그대로)는 통하지 않습니다: 키 없이는 맞는 서명을 만들 수 없습니다."""
    log_in(lab)
    expect(send(lab).get_by_role("status")).to_contain_text("받아들였습니다: alice")
    expect(send(lab, "내용의 한 글자 바꾸기").get_by_role("status")).to_contain_text("받아들이지 않았습니다")
    log_in(lab)
    tamper = send(lab, "내용을 admin으로 (서명은 그대로)")
    expect(tamper.get_by_role("status")).to_contain_text("받아들이지 않았습니다")
    expect(tamper.locator("tbody tr").first).to_contain_text('"user_id": "admin"')
    expect(tamper.locator('[data-lab-result="send_cookie"]')).to_contain_text("로그인하지 않았습니다")


def test_the_lab_finds_the_courses_key_and_forges_admin_but_not_with_a_random_key(lab):
    """키가 'secretkey'면 단어 목록으로 찾은 키로 만든 admin 쿠키가 통하고, token_hex() 키에는 실패합니다."""
    guess = part(lab, "guess_key")
    guess.get_by_role("button", name="키가 'secretkey'인 앱에서 키 찾기").press("Enter")
    found = "키 'secretkey'를 찾아 만든 admin 쿠키를 서버가 받아들였습니다"
    expect(guess.get_by_role("status")).to_contain_text(found, timeout=ACT_MS)
    expect(guess.locator('[data-lab-result="guess_key"]')).to_contain_text("로그인한 아이디: admin")
    guess.get_by_role("button", name="키가 secrets.token_hex()인 앱에서 같은 시도").press("Enter")
    expect(guess.get_by_role("status")).to_contain_text("키를 찾지 못했고", timeout=ACT_MS)
    expect(guess.locator('[data-lab-result="guess_key"]')).to_contain_text("로그인하지 않았습니다")


def test_the_lab_shows_the_user_store_beside_the_cookie(lab):
    """사용자는 서버의 메모리(app.extensions["users"])에, 로그인 상태는 쿠키에만 있습니다."""
    log_in(lab)
    store = part(lab, "server_store")
    store.get_by_role("button", name="서버의 사용자 저장소와 쿠키 나란히 보기").press("Enter")
    expect(store.get_by_role("status")).to_contain_text("서버에는 세션 목록이 없습니다", timeout=ACT_MS)
    # v1.0.7 keeps the password as typed, beside the id and the name: the lab shows the row as it is.
    alice = store.locator("tbody tr").filter(has_text="alice")
    expect(alice).to_contain_text("correct-horse-42")
    expect(store.locator("pre")).to_contain_text('"user_id": "alice"')
    expect(store.locator("pre")).not_to_contain_text("correct-horse-42")


def test_the_lab_fits_a_phone_is_accessible_and_requests_nothing_outside_the_site(
    lab, lesson_site, site_url, axe
):
    """실험실은 휴대폰 폭(390px)에 맞고, axe-core의 심각한 위반도, 사이트 밖으로의 요청도 없습니다."""
    log_in(lab)
    assert lab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(lab.page, f"site-{lesson_site[0]}-session-lab")
    assert not violations, violations
    # Pyodide and the wheels came from this site (so the check below is not vacuous), nothing from elsewhere.
    assert any(url.endswith("/lab/runtime/pyodide/pyodide.asm.wasm") for url in lab.requests)
    assert any(re.search(r"/lab/runtime/(compiled|packages)/", url) for url in lab.requests)
    assert not lab.outside, lab.outside
    origin = urlsplit(site_url).netloc
    assert [url for url in lab.requests if urlsplit(url).netloc != origin] == []
    assert not lab.errors, lab.errors
