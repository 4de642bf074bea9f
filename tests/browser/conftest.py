"""Real chromium for the browser tests: one browser per run, a fresh guarded page per test.

This folder is a package (__init__.py), so this conftest does not shadow tests/conftest.py
as the module `conftest` that the tests here import from.
"""

import shutil
from urllib.parse import urlsplit

import pytest
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
    page.on(
        "console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}")
    )
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
