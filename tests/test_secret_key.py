"""The secret-key lesson (docs/secret-key.md): the course's key recovered and forged, then the fixes.

The page shows the functions below by name, so a learner reads exactly the code that runs here.
"""

import hashlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie

import pytest
from conftest import csrf_token_from, env_without_flask, free_port, links_to, make_app, port_is_open
from flask import Flask, session
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import BadSignature, URLSafeTimedSerializer

pytestmark = pytest.mark.usefixtures("no_flask_env")


def flask_session_serializer(key):
    """Flask가 세션 쿠키를 서명할 때와 똑같은 설정의 itsdangerous 직렬화기 (flask/sessions.py)."""
    return URLSafeTimedSerializer(
        key,
        salt="cookie-session",
        serializer=TaggedJSONSerializer(),
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )


# 강의 예제와 블로그에 흔한 키 여덟 개. 진짜 도구의 단어 목록에는 수만 개가 들어 있습니다.
WORDLIST = ["secret", "password", "changeme", "dev", "secretkey", "secret-key", "supersecret", "flask"]


def recover_key(cookie, wordlist):
    """단어 목록의 키로 차례로 서명을 확인합니다. (찾은 키, 시도 횟수). 못 찾으면 키는 None."""
    for guesses, key in enumerate(wordlist, start=1):
        try:
            flask_session_serializer(key).loads(cookie)
        except BadSignature:
            continue  # 이 키로 만든 서명이 아닙니다: 다음 단어
        return key, guesses
    return None, len(wordlist)


def fetch(url, cookie=None):
    """GET url (googlekaap 쿠키를 실어서): (페이지 HTML, 응답이 준 googlekaap 쿠키 값 또는 None)."""
    headers = {"Cookie": f"googlekaap={cookie}"} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        given = SimpleCookie(response.headers.get("Set-Cookie", "")).get("googlekaap")
        return response.read().decode(), given and given.value


@pytest.mark.lesson("secret-key", "attack")
def test_the_courses_key_is_found_in_a_wordlist_and_forges_admin(live_server):
    """SECRET_KEY가 'secretkey'면 쿠키 하나로 키를 찾아 admin으로 로그인합니다: 키는 비밀이어야 합니다."""
    from googlekaap import create_app

    app = create_app({"TESTING": True})
    app.config["SECRET_KEY"] = "secretkey"  # 과정의 코드 그대로
    url = live_server(app)  # 127.0.0.1의 빈 포트에서 도는 진짜 서버

    # 1. 로그인 페이지를 한 번 엽니다. 가입할 필요도 없습니다: CSRF 토큰을 담은 세션 쿠키가 옵니다.
    _, cookie = fetch(f"{url}/auth/login")
    # 2. 쿠키의 서명을 단어 목록의 키로 하나씩 확인합니다. 다섯 번째 단어에서 맞습니다.
    key, guesses = recover_key(cookie, WORDLIST)
    assert (key, guesses) == ("secretkey", 5)
    # 3. 찾은 키로 {"user_id": "admin"}에 서명합니다. 비밀번호는 몰라도 됩니다.
    forged = flask_session_serializer(key).dumps({"user_id": "admin"})
    # 4. 서버는 서명이 맞으니 admin이 로그인했다고 믿습니다.
    page, _ = fetch(f"{url}/", cookie=forged)
    assert "admin" in page, "the forged cookie should log in as admin"


@pytest.mark.lesson("secret-key", "make-key")
def test_a_key_from_secrets_token_hex_is_in_no_wordlist(live_server):
    """키는 secrets.token_hex()로 만드세요: 어느 단어 목록에도 없는 무작위 64글자입니다."""
    from googlekaap import create_app

    recipe = [sys.executable, "-c", "import secrets; print(secrets.token_hex())"]
    key = subprocess.run(recipe, capture_output=True, text=True, check=True).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", key)  # 32바이트 = 256비트의 무작위 값
    url = live_server(create_app({"SECRET_KEY": key}))  # 테스트 모드가 아닌 앱도 이 키로는 뜹니다

    _, cookie = fetch(f"{url}/auth/login")
    assert recover_key(cookie, WORDLIST) == (None, len(WORDLIST))
    # 단어 목록의 어느 키로 위조해도 서버는 믿지 않습니다: 로그아웃 상태.
    for guess in WORDLIST:
        page, _ = fetch(f"{url}/", cookie=flask_session_serializer(guess).dumps({"user_id": "admin"}))
        assert "admin" not in page
        assert links_to(page, "/auth/login")


@pytest.mark.lesson("secret-key", "env-key")
def test_the_key_comes_from_flask_secret_key(monkeypatch, live_server):
    """키는 환경 변수 FLASK_SECRET_KEY로 주세요: create_app()의 from_prefixed_env()가 읽습니다."""
    from googlekaap import create_app

    key = secrets.token_hex()
    monkeypatch.setenv("FLASK_SECRET_KEY", key)  # export FLASK_SECRET_KEY=... 와 같습니다
    url = live_server(create_app())

    _, cookie = fetch(f"{url}/auth/login")
    assert "csrf_token" in flask_session_serializer(key).loads(cookie)  # 환경 변수의 키로 서명된 쿠키
    page, _ = fetch(f"{url}/", cookie=flask_session_serializer(key).dumps({"user_id": "alice"}))
    assert "alice" in page


def flask_run(tmp_path, env, *options):
    """`flask --app googlekaap run`, FLASK_* only from `env`: (exit code, None if it served; output; port)."""
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "googlekaap", "run", "--host", "127.0.0.1"]
    command += ["--port", str(port), *options]
    # A session of its own: with --debug the reloader starts a child, and a kill must reach both.
    process = subprocess.Popen(
        command,
        env=env_without_flask(**env),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=30)  # a start-up limit, not a claim about speed
        return process.returncode, output, port
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return None, process.communicate()[0], port


RECIPE = 'python -c "import secrets; print(secrets.token_hex())"'
REFUSED = {
    "int": ({"FLASK_SECRET_KEY": "12345"}, []),
    "int-debug": ({"FLASK_SECRET_KEY": "12345"}, ["--debug"]),
    "int-FLASK_DEBUG=1": ({"FLASK_SECRET_KEY": "12345", "FLASK_DEBUG": "1"}, []),
    "fallbacks-not-a-list": ({"FLASK_SECRET_KEY_FALLBACKS": "old-key"}, ["--debug"]),
}


@pytest.mark.stress  # a real `flask run` process, like the cluster proofs: nox -s stress
@pytest.mark.lesson("secret-key", "startup-check")
@pytest.mark.parametrize(("env", "options"), REFUSED.values(), ids=REFUSED)
def test_flask_run_refuses_a_key_that_cannot_be_secret(tmp_path, env, options):
    """숫자 키(FLASK_SECRET_KEY=12345)나 목록이 아닌 이전 키면 flask run이 시작할 때 멈춰야 합니다."""
    code, output, port = flask_run(tmp_path, env, *options)
    assert code not in (0, None), f"the server started instead of refusing:\n{output}"
    assert "FLASK_SECRET_KEY" in output, "the message should say which setting to fix"
    assert "Running on" not in output and not port_is_open(port), "nothing may be served"


@pytest.mark.stress  # a real `flask run` process, like the cluster proofs: nox -s stress
@pytest.mark.lesson("secret-key", "startup-check")
def test_flask_run_serves_with_a_key_from_the_recipe(tmp_path):
    """secrets.token_hex()로 만든 키로는 flask run이 떠야 합니다: 시작 검사가 좋은 키까지 막으면 안 됩니다."""
    from test_cluster import Server

    server = Server(secrets.token_hex()).start()  # waits until GET / answers, fails if it exits
    try:
        page, _ = fetch(f"{server.url}/auth/login")
        assert 'name="csrf_token"' in page
    finally:
        server.stop()


def refusal(**config):
    """create_app(config) must stop; the text it stops with (SystemExit's message or the exception's)."""
    from googlekaap import create_app

    with pytest.raises((SystemExit, Exception)) as stopped:
        create_app(config)
    return str(stopped.value)


REAL_KEY = "0123456789abcdef" * 4  # what secrets.token_hex() makes, written out


@pytest.mark.lesson("secret-key", "startup-check")
@pytest.mark.parametrize(
    "config",
    [
        {"SECRET_KEY": 12345},
        {"SECRET_KEY": 12345, "TESTING": True},
        {"SECRET_KEY": None, "DEBUG": True},
        {"SECRET_KEY": ""},
        {"SECRET_KEY": "ok-key", "SECRET_KEY_FALLBACKS": [123]},
    ],
    ids=repr,
)
def test_create_app_stops_with_the_recipe(config):
    """서명할 수 없는 키(숫자, None, 빈 값, 이전 키 목록 안의 것도)면 create_app이 멈춰야 합니다."""
    assert RECIPE in refusal(**config)


@pytest.mark.lesson("secret-key", "startup-check")
@pytest.mark.parametrize(
    "config",
    [
        {"SECRET_KEY": REAL_KEY},
        {"SECRET_KEY": REAL_KEY.encode()},
        {"SECRET_KEY": "secretkey"},  # 추측할 수 있는 키도 서명은 됩니다: 막는 것은 사람의 몫
        {"SECRET_KEY": REAL_KEY, "SECRET_KEY_FALLBACKS": [REAL_KEY[::-1]]},
        {},
    ],
    ids=repr,
)
def test_create_app_starts_with_a_key_that_can_sign(config):
    """서명할 수 있는 키(문자열이나 bytes, 코드의 개발용 키 포함)로는 create_app이 앱을 돌려줘야 합니다."""
    from googlekaap import create_app

    app = create_app(config)
    assert app.test_client().get("/auth/login").status_code == 200


@pytest.mark.reference
@pytest.mark.lesson("secret-key", "startup-check")
@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ({"SECRET_KEY": 12345}, "세션에 서명할 수 없는 키입니다: 12345"),
        ({"SECRET_KEY": ""}, "세션에 서명할 수 없는 키입니다: ''"),
        ({"SECRET_KEY_FALLBACKS": "old-key"}, "SECRET_KEY_FALLBACKS는 키의 목록이어야 합니다."),
    ],
    ids=["int", "empty", "fallbacks-str"],
)
def test_the_refusal_names_the_problem_in_korean(config, problem):
    """거부 메시지는 무엇이 문제인지 한국어로 말합니다 (키가 문제면 키 만드는 명령도 보입니다)."""
    assert problem in refusal(**config)


OLD_KEY = "0ld0" * 16
NEW_KEY = "4e3a" * 16


def alice_cookie(key, **config):
    """alice's session cookie, made through HTTP (registration) by an app that signs with `key`."""
    client = make_app(SECRET_KEY=key, WTF_CSRF_ENABLED=False, **config).test_client()
    client.post(
        "/auth/register",
        data={"user_id": "alice", "user_name": "앨리스", "password": "x" * 12, "repassword": "x" * 12},
    )
    return client.get_cookie("googlekaap").value


def index_with(app, cookie):
    client = app.test_client()
    client.set_cookie("googlekaap", cookie)
    return client.get("/").text


@pytest.mark.lesson("secret-key", "rotation")
def test_an_old_cookie_works_while_the_old_key_is_a_fallback():
    """키를 바꿀 때 이전 키를 SECRET_KEY_FALLBACKS에 두면 이전 키의 쿠키도 로그인 상태로 통합니다."""
    cookie = alice_cookie(OLD_KEY)  # 키를 바꾸기 전에 로그인한 사용자의 쿠키
    rotated = make_app(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY])
    assert "alice" in index_with(rotated, cookie)
    # 새로 서명하는 쿠키는 새 키로만 만듭니다. 이전 키는 확인할 때만 씁니다.
    new_cookie = alice_cookie(NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY])
    assert flask_session_serializer(NEW_KEY).loads(new_cookie)["user_id"] == "alice"
    with pytest.raises(BadSignature):
        flask_session_serializer(OLD_KEY).loads(new_cookie)


@pytest.mark.lesson("secret-key", "rotation")
def test_an_old_cookie_is_refused_once_the_old_key_is_dropped():
    """이전 키를 SECRET_KEY_FALLBACKS에서 빼면 그 키로 서명된 쿠키는 버려져야 합니다."""
    cookie = alice_cookie(OLD_KEY)
    dropped = make_app(SECRET_KEY=NEW_KEY)  # 이전 키가 더는 없습니다
    page = index_with(dropped, cookie)
    assert "alice" not in page
    assert links_to(page, "/auth/login")


def status_of(url, cookie=None):
    """The HTTP status of GET url (with a googlekaap cookie), 5xx included."""
    try:
        fetch(url, cookie)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


@pytest.mark.reference  # GET / renders no form in our steps; a learner's index may
@pytest.mark.lesson("secret-key", "startup-check")
def test_past_the_check_an_int_key_fails_late_on_forms_and_cookies(live_server):
    """숫자 키로도 첫 화면은 200입니다. 폼(CSRF 토큰)과 쿠키가 있는 요청이 500이라서 늦게 드러납니다."""
    from googlekaap import create_app

    app = create_app({"SECRET_KEY": REAL_KEY})
    app.config["SECRET_KEY"] = 12345  # FLASK_SECRET_KEY=12345가 주는 값, 시작 검사를 건너뛴 경우
    url = live_server(app)
    assert status_of(f"{url}/") == 200  # 서명할 것이 없는 페이지는 멀쩡해 보입니다
    assert status_of(f"{url}/auth/login") == 500  # 폼의 CSRF 토큰에 서명할 수 없습니다
    # 전에 받아 둔 쿠키를 가진 사용자: 그 서명을 확인할 수 없습니다.
    cookie = flask_session_serializer(REAL_KEY).dumps({"user_id": "alice"})
    assert status_of(f"{url}/", cookie=cookie) == 500


@pytest.mark.lesson("secret-key", "rotation")
def test_a_form_rendered_before_a_rotation_gets_400_until_the_page_is_reloaded():
    """키를 바꾸기 전에 그린 폼(로그아웃 버튼 포함)은 400입니다. CSRF 토큰은 SECRET_KEY로만 확인합니다."""
    before = make_app(SECRET_KEY=OLD_KEY).test_client()  # CSRF를 켠 채로
    token = csrf_token_from(before.get("/auth/register").text)
    fields = {"user_id": "alice", "user_name": "앨리스", "password": "x" * 12, "repassword": "x" * 12}
    before.post("/auth/register", data={**fields, "csrf_token": token})
    logout_token = csrf_token_from(before.get("/").text)  # 키를 바꾸기 전에 그린 로그아웃 버튼

    rotated = make_app(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]).test_client()
    rotated.set_cookie("googlekaap", before.get_cookie("googlekaap").value)
    assert rotated.post("/auth/logout", data={"csrf_token": logout_token}).status_code == 400
    assert "alice" in rotated.get("/").text  # 세션 쿠키는 이전 키로도 통합니다
    # 페이지를 새로 고치면 새 키로 서명한 토큰을 받습니다.
    reloaded_token = csrf_token_from(rotated.get("/").text)
    assert rotated.post("/auth/logout", data={"csrf_token": reloaded_token}).status_code == 302


def start_server(tmp_path, command, env):
    """A server process with FLASK_* only from `env`, its output in a file: (process, output file)."""
    log = tmp_path / "server.log"
    with log.open("w") as output:
        # HOME: gunicorn 27 opens a control socket under ~/.gunicorn.
        process = subprocess.Popen(
            command,
            env=env_without_flask(HOME=str(tmp_path), **env),
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one kill reaches gunicorn's workers or flask's reloader too
        )
    return process, log


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition, seconds=30):
    """Poll until condition() holds; False after `seconds` (a start-up limit, not a claim about speed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def answers(url, timeout=10):
    try:
        urllib.request.urlopen(url, timeout=timeout).close()
    except OSError:
        return False
    return True


def gunicorn(port, *options):
    return [sys.executable, "-m", "gunicorn", *options, "-w", "2", "-b", f"127.0.0.1:{port}"] + [
        "googlekaap:create_app()"
    ]


SERVERS = {
    "flask run": lambda port: [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "googlekaap",
        "run",
        "--port",
        str(port),
    ],
    "gunicorn": gunicorn,
}
unix_only = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn은 유닉스에서만 돕니다")


@pytest.mark.stress  # real server processes
@pytest.mark.reference  # the development key of our steps is in the wordlist ("dev")
@pytest.mark.lesson("secret-key", "startup-check")
@pytest.mark.parametrize(
    "server", [pytest.param(name, marks=unix_only) if name == "gunicorn" else name for name in SERVERS]
)
def test_every_server_starts_with_the_public_development_key(tmp_path, server):
    """FLASK_SECRET_KEY가 없으면 flask run도 gunicorn도 코드의 공개된 개발용 키로 뜹니다."""
    port = free_port()
    process, log = start_server(tmp_path, SERVERS[server](port), {})
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: answers(f"{url}/auth/login")), f"{server} did not serve:\n{log.read_text()}"
        _, cookie = fetch(f"{url}/auth/login")
        key, _ = recover_key(cookie, WORDLIST)
        assert key is not None, "the development key should be one anybody can guess"
    finally:
        stop_server(process)


@pytest.mark.stress  # real gunicorn processes
@unix_only
@pytest.mark.lesson("secret-key", "startup-check")
def test_gunicorn_without_preload_stops_on_a_refused_key(tmp_path):
    """--preload 없는 gunicorn도 워커가 거부된 키로 죽으면 "Worker failed to boot."를 남기고 멈춥니다."""
    port = free_port()
    process, log = start_server(tmp_path, gunicorn(port), {"FLASK_SECRET_KEY": "12345"})
    try:
        process.wait(timeout=30)  # a start-up limit, not a claim about speed
    finally:
        stop_server(process)
    assert process.returncode != 0
    assert "Worker failed to boot." in log.read_text() and RECIPE in log.read_text()
    assert not port_is_open(port)


@pytest.mark.stress  # a real gunicorn process
@unix_only
@pytest.mark.lesson("secret-key", "startup-check")
def test_gunicorn_with_preload_stops_on_a_refused_key(tmp_path):
    """gunicorn --preload는 워커를 띄우기 전에 앱을 한 번 만들므로, 거부된 키면 메시지를 보이고 끝납니다."""
    port = free_port()
    process, log = start_server(tmp_path, gunicorn(port, "--preload"), {"FLASK_SECRET_KEY": "12345"})
    try:
        process.wait(timeout=30)  # a start-up limit, not a claim about speed
    finally:
        stop_server(process)
    assert process.returncode != 0
    assert RECIPE in log.read_text()
    assert "Booting worker" not in log.read_text() and not port_is_open(port)


EXITING_FACTORY = """
def create_app():
    raise SystemExit("SystemExit, not an ordinary exception")
"""


@pytest.mark.stress  # a real gunicorn process
@unix_only
@pytest.mark.lesson("secret-key", "why-at-start")
def test_gunicorn_without_preload_keeps_restarting_workers_that_raise_systemexit(tmp_path):
    """대조군: SystemExit으로 멈추는 앱이면 --preload 없는 gunicorn은 워커를 끝없이 다시 띄웁니다."""
    (tmp_path / "exiting.py").write_text(EXITING_FACTORY)
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "exiting:create_app()"]
    process, log = start_server(tmp_path, command, {})
    try:
        # 워커 두 개가 뜨자마자 멈추고, 마스터는 그 자리에 새 워커를 띄웁니다: 다섯 번째가 뜰 때까지 봅니다.
        assert wait_for(lambda: log.read_text().count("Booting worker") >= 5), log.read_text()
        assert process.poll() is None, "the master should still be running"
        assert port_is_open(port), "the master should still be listening"
        assert not answers(f"http://127.0.0.1:{port}/", timeout=2), "no worker lives to answer"
    finally:
        stop_server(process)


@pytest.mark.lesson("secret-key", "rotation")
def test_a_fallbacks_string_is_read_letter_by_letter():
    """대조군: Flask는 목록이 아닌 SECRET_KEY_FALLBACKS 문자열의 글자 하나하나를 이전 키로 씁니다."""
    plain = Flask(__name__)
    plain.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS="old-key")  # 목록이 아니라 문자열

    @plain.get("/")
    def whoami():
        return session.get("user_id", "-")

    client = plain.test_client()
    client.set_cookie("session", flask_session_serializer("o").dumps({"user_id": "admin"}))
    assert client.get("/").text == "admin"  # 한 글자 키 "o"로 서명한 쿠키가 통합니다
