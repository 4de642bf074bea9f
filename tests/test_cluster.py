"""Two real server processes of the installed step: the load-balancer lesson (docs/load-balancer.md).

The page includes the named sections below, so it shows exactly the code that runs here.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from conftest import PASSWORD, csrf_token_from, free_port

# Real processes take seconds to start: run by `nox -s stress`, beside the other real-server proofs.
pytestmark = pytest.mark.stress

SHARED_KEY = "cluster-shared-secret-of-32-chars!"


class Server:
    """`flask run` of the installed step in its own process, as a learner starts it."""

    def __init__(self, secret_key, port=None):
        self.secret_key = secret_key
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "flask", "--app", "googlekaap", "run"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--no-reload", "--no-debugger"]
        env = {**os.environ, "FLASK_SECRET_KEY": self.secret_key, "FLASK_DEBUG": "0"}
        self.process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30  # a start-up limit, not an assertion about speed
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server on port {self.port} exited: {self.process.stderr.read()}")
            try:
                with urllib.request.urlopen(self.url, timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"the server on port {self.port} did not answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process:
            self.process.stderr.close()

    def restart(self):
        self.stop()
        return self.start()


class Browser:
    """One cookie jar, like one browser. Cookies ignore the port, so 5001 and 5002 share them."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.read().decode()

    def post(self, url, **fields):
        with self.opener.open(url, data=urllib.parse.urlencode(fields).encode(), timeout=10) as response:
            return response.read().decode()

    def submit(self, url, **fields):
        """GET the form for its csrf_token, POST it, follow the redirect: the page the user sees."""
        return self.post(url, csrf_token=csrf_token_from(self.get(url)), **fields)

    def register(self, server, user_id):
        fields = {"user_id": user_id, "user_name": user_id, "password": PASSWORD, "repassword": PASSWORD}
        return self.submit(f"{server.url}/auth/register", **fields)

    def login(self, server, user_id):
        return self.submit(f"{server.url}/auth/login", user_id=user_id, password=PASSWORD)

    def logout(self, server):
        # The logout button's form lives on every logged-in page; its token comes from there.
        return self.post(f"{server.url}/auth/logout", csrf_token=csrf_token_from(self.get(server.url)))


@pytest.fixture
def start_server():
    """`start_server(key)` runs a server with that FLASK_SECRET_KEY; every one is stopped after the test."""
    servers = []

    def start(secret_key=SHARED_KEY):
        server = Server(secret_key)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def two_servers(start_server):
    """같은 SECRET_KEY로 띄운 같은 앱의 프로세스 두 개: 로드 밸런서가 요청을 나눠 주는 서버들과 같습니다."""
    return start_server(SHARED_KEY), start_server(SHARED_KEY)


@pytest.fixture
def browser():
    return Browser()


@pytest.mark.lesson("load-balancer", "shared-cookie")
def test_a_session_cookie_from_server_a_is_accepted_by_server_b(two_servers, browser):
    """같은 SECRET_KEY로 띄운 서버 B도 서버 A가 만든 세션 쿠키를 받아들여야 합니다."""
    a, b = two_servers
    browser.register(a, "alice")  # 가입(=로그인)은 A에서
    # 같은 키로 서명된 쿠키라서 B도 믿습니다: 세션은 브라우저에 있습니다.
    assert "alice" in browser.get(b.url), "B가 A의 세션 쿠키를 받아 주지 않습니다"


@pytest.mark.lesson("load-balancer", "memory-users")
def test_logging_in_on_server_b_fails_because_users_live_in_a_memory(two_servers, browser):
    """사용자 저장소는 프로세스마다 따로입니다: A에서 가입한 아이디로 B에서는 로그인할 수 없어야 합니다."""
    a, b = two_servers
    browser.register(a, "bob")
    browser.logout(a)
    # 사용자 목록은 A 프로세스의 메모리에만 있습니다. B는 bob을 모릅니다.
    browser.login(b, "bob")
    assert "bob" not in browser.get(b.url), "A에서 가입한 사용자를 B가 압니다"
    # 같은 아이디와 비밀번호로 A에서는 됩니다: 틀린 것은 비밀번호가 아니라 프로세스입니다.
    browser.login(a, "bob")
    assert "bob" in browser.get(a.url), "같은 로그인이 A에서도 실패합니다"


@pytest.mark.lesson("load-balancer", "other-key")
def test_a_server_with_another_secret_key_ignores_the_cookie(start_server, browser):
    """SECRET_KEY가 다른 서버는 그 쿠키를 버려야 합니다: 로그아웃 상태로 보입니다."""
    a, c = start_server(SHARED_KEY), start_server("another-secret-key-also-32-chars!")
    browser.register(a, "carol")
    page = browser.get(c.url)
    # 서명을 확인할 수 없는 쿠키는 없는 것과 같습니다: 로그아웃 상태.
    assert "carol" not in page, "다른 키로 뜬 서버가 쿠키를 믿었습니다"
    assert "/auth/login" in page


@pytest.mark.lesson("load-balancer", "restart")
def test_after_a_restart_the_cookie_is_still_valid_but_the_user_is_gone(start_server, browser):
    """서버를 다시 켜면 (키가 같으니) 쿠키는 살아 있지만 메모리의 사용자는 사라져야 합니다."""
    a = start_server(SHARED_KEY)
    browser.register(a, "dave")
    a.restart()
    # 쿠키는 브라우저에 남아 있고 키도 같으니 세션은 살아 있지만,
    assert "dave" in browser.get(a.url), "다시 켠 서버가 쿠키를 버렸습니다"
    # 사용자 목록은 프로세스와 함께 사라졌습니다.
    browser.logout(a)
    browser.login(a, "dave")
    assert "dave" not in browser.get(a.url), "다시 켠 뒤에도 사용자가 남아 있습니다"
