"""Real chromium for the browser tests: one browser per run, a fresh guarded page per test.

This folder is a package (__init__.py), so this conftest does not shadow tests/conftest.py
as the module `conftest` that the tests here import from.
"""

import functools
import json
import shutil
import threading
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

# Short waits: a broken page fails in seconds, not after Playwright's default 30 s.
TIMEOUT_MS = 5_000
# Debian's chromium on CI; a learner without it gets Playwright's own build.
# Playwright already passes --no-sandbox, --disable-background-networking, --no-first-run, ...
SYSTEM_CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--disable-gpu"]

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            pytest.fail(
                "크로미움을 실행할 수 없습니다. `sudo apt-get install chromium`으로 설치하거나, "
                "인터넷이 되는 곳에서 `python -m playwright install chromium`을 한 번 실행하세요.\n"
                f"(chromium could not be launched: {error})",
                pytrace=False,
            )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context (no cookies) that may only talk to 127.0.0.1.

    Any other request is recorded and aborted; it and any console error fail the test at teardown.
    """
    context = browser.new_context(locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    outside, errors = [], []

    def only_local(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(f"{page.url} -> {route.request.url}")
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    # A test that opens a 4xx page (the error page) checks that status itself; chromium logs it as an error.
    error_pages = set()

    def on_response(response):
        if response.request.resource_type == "document" and 400 <= response.status < 500:
            error_pages.add(response.url)

    def on_console(message):
        opened_error_page = message.location["url"] in error_pages
        if message.type == "error" and not (opened_error_page and "Failed to load resource" in message.text):
            errors.append(f"{page.url}: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    yield page
    context.close()
    assert not outside, f"페이지가 이 컴퓨터 밖으로 요청을 보냈습니다 (requests left 127.0.0.1): {outside}"
    assert not errors, f"브라우저 콘솔에 오류가 났습니다 (console errors): {errors}"


@pytest.fixture
def app(csrf_app):
    """The app as learners run it: CSRF on. `users` and `alice` follow this override."""
    return csrf_app


@pytest.fixture
def screenshot(pytestconfig):
    """Save what the learner sees first (the viewport) to artifacts/screenshots/<name>.png."""
    folder = pytestconfig.rootpath / "artifacts" / "screenshots"

    def save(page, name):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{name}.png")

    return save


# The impacts that fail a test; "moderate" and "minor" are only counted.
SERIOUS = ("serious", "critical")


@pytest.fixture
def axe(pytestconfig):
    """Run axe-core (shipped inside the axe-playwright-python wheel: nothing is fetched) on a page.

    `axe(page, name)` saves the count per impact to artifacts/axe/<name>.json and returns the serious and
    critical violations, one readable line each.
    """
    folder = pytestconfig.rootpath / "artifacts" / "axe"

    def check(page, name):
        violations = Axe().run(page).response["violations"]
        counts = Counter(violation["impact"] for violation in violations)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.json").write_text(json.dumps({"url": page.url, **counts}))
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
            + ", ".join(str(node["target"]) for node in violation["nodes"])
            for violation in violations
            if violation["impact"] in SERIOUS
        ]

    return check


# --- The built lesson site (`nox -s e2e_site`): test_lesson_site.py and test_session_lab.py ---------
@pytest.fixture(scope="module")
def site(lesson_site):
    """The folder of one build."""
    return lesson_site[1]


@pytest.fixture(scope="module")
def site_url(site):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=site)
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        thread.join()
