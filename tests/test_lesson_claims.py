"""Claims the lessons make about cookies, forms, templates and hashes, each proven through the app.

The pages name these tests beside the sentences they prove (docs/generated/tests/<page>/<anchor>.md).
"""

import dataclasses
import hashlib
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PASSWORD, assert_logged_in_as, csrf_token_from, make_app, make_user
from flask import Flask, g, has_request_context, render_template_string, request, session
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from itsdangerous import TimestampSigner, base64_decode
from test_session_cookie import decode_session_cookie
from werkzeug.security import generate_password_hash
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

ROOT = Path(__file__).parents[1]
CSRF_TOKEN = re.compile(r"[0-9a-f]{40}\Z")  # Flask-WTF: sha1(os.urandom(64)).hexdigest()
MIB = 1024 * 1024


def cookie_of(response):
    """The googlekaap value this response sets (a test that expects none reads the headers itself)."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("googlekaap="):
            return header.split(";")[0].removeprefix("googlekaap=")
    raise AssertionError(
        f"{response.request.method} {response.request.path}의 응답이 googlekaap 쿠키를 보내지 않았습니다"
    )


def register_with_token(client, user_id="bob"):
    token = csrf_token_from(client.get("/auth/register").text)
    form = {"user_id": user_id, "user_name": "밥", "password": PASSWORD, "repassword": PASSWORD}
    return client.post("/auth/register", data=form | {"csrf_token": token})


# --- v1.0.7 개발자 도구: 쿠키에 실제로 든 것 -----------------------------------------------


@pytest.mark.lesson("v1.0.7", "devtools")
def test_the_cookie_exists_before_login_and_holds_only_the_csrf_token(csrf_app):
    """로그인 전에도 폼을 보여 주면 googlekaap 쿠키가 생기고, 그 안에는 csrf_token 하나만 있어야 합니다."""
    client = csrf_app.test_client()
    response = client.get("/auth/login")
    decoded = decode_session_cookie(cookie_of(response))
    assert list(decoded) == ["csrf_token"], f"로그인 폼을 보여 준 뒤의 쿠키에 든 키가 {list(decoded)}입니다"
    assert CSRF_TOKEN.match(decoded["csrf_token"]), "쿠키의 csrf_token이 Flask-WTF의 토큰이 아닙니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "devtools")
def test_right_after_register_the_cookie_is_compressed_and_carries_the_flash(csrf_app):
    """가입 응답의 쿠키는 '.'으로 시작(압축)하고, 환영 메시지(_flashes)와 user_id를 담아야 합니다.

    Reference: it depends on our welcome flash; without it the payload would be too short to compress.
    """
    response = register_with_token(csrf_app.test_client())
    value = cookie_of(response)
    assert value.startswith(".")
    assert decode_session_cookie(value) == {
        "_flashes": [{" t": ["message", "밥님, 가입을 환영합니다."]}],
        "user_id": "bob",
    }


@pytest.mark.lesson("v1.0.7", "devtools")
def test_the_logged_in_index_cookie_holds_csrf_token_next_to_user_id(csrf_app):
    """로그인한 뒤 첫 화면의 쿠키를 디코딩하면 {'csrf_token': ..., 'user_id': ...} 두 키가 보여야 합니다."""
    client = csrf_app.test_client()
    register_with_token(client)
    response = client.get("/")
    decoded = decode_session_cookie(cookie_of(response))
    assert sorted(decoded) == ["csrf_token", "user_id"], (
        f"로그인한 첫 화면의 쿠키에 든 키가 {sorted(decoded)}입니다"
    )
    assert decoded["user_id"] == "bob", f"쿠키의 user_id가 {decoded['user_id']!r}입니다"
    assert CSRF_TOKEN.match(decoded["csrf_token"]), "쿠키의 csrf_token이 Flask-WTF의 토큰이 아닙니다"


@pytest.mark.lesson("v1.0.7", "devtools")
def test_after_logout_the_cookie_is_still_there_with_the_csrf_token(csrf_app):
    """로그아웃은 user_id만 지웁니다: 쿠키는 남고, 디코딩하면 csrf_token만 보여야 합니다."""
    client = csrf_app.test_client()
    register_with_token(client)
    token = csrf_token_from(client.get("/").text)
    response = client.post("/auth/logout", data={"csrf_token": token})
    assert response.status_code == 302, f"로그아웃의 응답이 {response.status_code}입니다: 302여야 합니다"
    decoded = decode_session_cookie(cookie_of(response))
    assert list(decoded) == ["csrf_token"], (
        f"로그아웃 뒤의 쿠키에 든 키가 {list(decoded)}입니다: csrf_token만"
    )
    assert client.get_cookie("googlekaap") is not None, "로그아웃이 쿠키를 지웠습니다: user_id만 지우세요"


@pytest.mark.lesson("v1.0.7", "devtools")
def test_editing_the_middle_of_the_signature_logs_out_but_the_last_character_may_not(app):
    """서명의 가운데 글자를 바꾸면 언제나 로그아웃 상태여야 합니다 (마지막 글자는 예외)."""
    value = app.session_interface.get_signing_serializer(app).dumps({"user_id": "alice"})
    payload, timestamp, signature = value.split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    def shows_alice(new_signature):
        client = app.test_client()
        client.set_cookie("googlekaap", f"{payload}.{timestamp}.{new_signature}")
        return "alice" in client.get("/").text

    middle = len(signature) // 2
    for char in alphabet.replace(signature[middle], ""):
        forged = signature[:middle] + char + signature[middle + 1 :]
        assert not shows_alice(forged), "서명의 가운데 글자를 바꾼 쿠키로 로그인되었습니다"
    # 20바이트 서명은 base64 27글자입니다. 마지막 글자의 아래 2비트는 디코딩할 때 버려지므로,
    # 그 2비트만 다른 글자로 바꾸면 같은 서명이 되어 여전히 로그인 상태입니다.
    last = alphabet.index(signature[-1])
    sibling = alphabet[last ^ 1]
    assert shows_alice(signature[:-1] + sibling), "앱의 키로 서명한 쿠키로 연 첫 화면에 'alice'가 없습니다"


def cookie_signed_days_ago(app, days, data):
    """days일 전에 서명한 것처럼 만든 세션 쿠키 (Flask의 서명기를 그대로 씁니다)."""
    serializer = app.session_interface.get_signing_serializer(app)
    signer = serializer.make_signer()
    signer.get_timestamp = lambda: int(time.time()) - days * 24 * 3600
    return signer.sign(serializer.dump_payload(data)).decode()


@pytest.mark.lesson("session", "signed-cookie")
def test_the_cookie_is_content_time_and_a_20_byte_signature(app, auth, alice):
    """세션 쿠키는 '내용.시각.서명' 세 부분이어야 합니다: 내용은 키 없이 디코딩되고, 서명은 20바이트입니다."""
    value = cookie_of(auth.login())
    parts = value.split(".")
    assert len(parts) == 3, f"세션 쿠키가 '.'으로 나눠 {len(parts)}부분입니다: Flask 기본 세션은 3부분입니다"
    content, timestamp, signature = parts
    assert decode_session_cookie(value) == {"user_id": "alice"}, (
        "로그인 쿠키의 내용이 {'user_id': 'alice'}가 아닙니다"
    )
    assert abs(int.from_bytes(base64_decode(timestamp), "big") - time.time()) < 60, (
        "쿠키의 시각이 지금이 아닙니다"
    )
    assert len(base64_decode(signature)) == 20, "쿠키의 서명이 20바이트가 아닙니다"


@pytest.mark.lesson("session", "expiry")
@pytest.mark.parametrize(("days", "logged_in"), [(30, True), (32, False)])
def test_a_cookie_is_honoured_for_31_days_from_its_signing(app, days, logged_in):
    """쿠키 값은 서명한 때부터 31일 동안 통하고, 그보다 오래되면 로그아웃 상태여야 합니다."""
    client = app.test_client()
    client.set_cookie("googlekaap", cookie_signed_days_ago(app, days, {"user_id": "alice"}))
    state = "로그인" if logged_in else "로그아웃"
    shown = "alice" in client.get("/").text
    assert shown is logged_in, f"{days}일 전에 서명한 쿠키로 연 첫 화면이 {state} 상태가 아닙니다"


@pytest.mark.lesson("v1.0.7", "logout")
def test_opening_the_logout_address_by_get_keeps_you_logged_in(client, auth, alice):
    """주소창에서 /auth/logout을 열면(GET) 405이고, 로그인 상태는 그대로여야 합니다."""
    auth.login()
    status = client.get("/auth/logout").status_code
    assert status == 405, f"GET /auth/logout이 {status}입니다: 405여야 합니다"
    assert "alice" in client.get("/").text, "GET /auth/logout이 로그아웃시켰습니다"


# --- 세션: 압축 --------------------------------------------------------------------------


@pytest.mark.lesson("session", "compression")
def test_compression_is_used_only_when_shorter_and_round_trips_through_the_decoder(app):
    """itsdangerous는 압축해서 더 짧을 때만 압축하고 '.'을 붙입니다. 디코더는 두 경우를 모두 읽어야 합니다."""
    serializer = app.session_interface.get_signing_serializer(app)
    short = {"user_id": "alice"}
    long = {"user_id": "alice", "note": "메모 " * 50}
    assert not serializer.dumps(short).startswith(".")
    assert serializer.dumps(long).startswith(".")
    for data in (short, long):
        assert decode_session_cookie(serializer.dumps(data)) == data


# --- v1.0.7 폼: JSON 본문 ------------------------------------------------------------------

JSON_BODY = {"user_id": 12345, "user_name": ["x"], "password": 12345678, "repassword": 12345678}


@pytest.mark.lesson("v1.0.7", "forms")
def test_a_plain_flaskform_answers_json_numbers_with_a_500():
    """대조군: 평범한 FlaskForm은 JSON 본문의 숫자를 문자열 검증기에 넣어 500을 냅니다."""

    class PlainForm(FlaskForm):
        user_id = StringField(validators=[DataRequired(), Length(max=20), Regexp(r"[a-z]+\Z")])

    control = Flask(__name__)
    control.config.update(SECRET_KEY="control", WTF_CSRF_ENABLED=False)

    @control.post("/register")
    def register():
        return "ok" if PlainForm().validate_on_submit() else "invalid"

    assert control.test_client().post("/register", json=JSON_BODY).status_code == 500


@pytest.mark.lesson("v1.0.7", "forms")
def test_a_json_registration_is_refused_without_a_500(client, users):
    """회원가입 폼은 HTML 폼 값만 읽어야 합니다: JSON 본문은 500 없이 거절되고 아무도 저장되지 않습니다."""
    response = client.post("/auth/register", json=JSON_BODY)
    assert response.status_code == 200, f"JSON 본문의 가입이 {response.status_code}입니다: 200이어야 합니다"
    assert len(users) == 0, f"JSON 본문의 가입이 사용자를 저장했습니다: {list(users)}"


# --- v1.0.7 index.html: 세션 키 오타 -------------------------------------------------------


@pytest.mark.lesson("v1.0.7", "index")
def test_a_misspelled_session_key_in_a_template_silently_gives_none(app):
    """템플릿에서 session.get('use r_id')처럼 키를 틀리면 오류 없이 None이 나옵니다. 키 철자를 확인하세요."""
    with app.test_request_context("/"):
        session["user_id"] = "alice"
        assert render_template_string("{{ session.get('user_id') }}") == "alice"
        assert render_template_string("{{ session.get('use r_id') }}") == "None"


# --- v1.0.7 create_app: 환경 변수는 JSON으로 먼저 읽힙니다 ---------------------------------------


@pytest.mark.lesson("v1.0.7", "startup-key-check")
def test_from_prefixed_env_reads_values_as_json_first(monkeypatch):
    """FLASK_ 환경 변수는 JSON으로 먼저 읽힙니다: FLASK_SECRET_KEY=12345는 문자열이 아니라 정수가 됩니다."""
    monkeypatch.setenv("FLASK_SECRET_KEY", "12345")
    monkeypatch.setenv("FLASK_OTHER", "a1b2")
    plain = Flask(__name__)
    plain.config.from_prefixed_env()
    assert plain.config["SECRET_KEY"] == 12345
    assert plain.config["OTHER"] == "a1b2"


# --- v1.0.7 쿠키 설정: HTTP에서는 Secure가 없습니다 -----------------------------------------


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_over_http_the_session_cookie_has_no_secure_flag(auth, alice):
    """이 단계의 쿠키에는 Secure가 없습니다: HTTP로도 보내지므로 배포할 때는 HTTPS와 Secure가 필요합니다."""
    response = auth.login()
    header = next((h for h in response.headers.getlist("Set-Cookie") if h.startswith("googlekaap=")), "")
    flags = [part.strip().lower() for part in header.split(";")[1:]]
    assert "httponly" in flags, f"로그인 응답의 googlekaap 쿠키에 HttpOnly가 없습니다: {header!r}"
    assert "secure" not in flags, "HTTP로 여는 개발 단계의 쿠키에 Secure가 붙었습니다"


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_renaming_the_cookie_leaves_the_old_cookie_unread(app):
    """SESSION_COOKIE_NAME을 바꾸면 옛 이름의 쿠키는 읽히지 않아 로그아웃 상태로 보여야 합니다."""
    old_cookie = app.session_interface.get_signing_serializer(app).dumps({"user_id": "alice"})
    renamed = make_app(SESSION_COOKIE_NAME="googlekaap2")
    for current, shows_alice in [(app, True), (renamed, False)]:
        client = current.test_client()
        client.set_cookie("googlekaap", old_cookie)
        name = current.config["SESSION_COOKIE_NAME"]
        shown = "alice" in client.get("/").text
        assert shown is shows_alice, (
            f"쿠키 이름이 {name}인 앱이 googlekaap 쿠키를 {'읽지 않았' if shows_alice else '읽었'}습니다"
        )


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "index")
def test_the_welcome_flash_shows_once_and_the_user_id_stays(client, auth):
    """환영 메시지는 첫 화면에서 한 번만 보이고, 새로 고치면 사라지며 아이디는 남아야 합니다."""
    auth.register("bob", "밥")
    first, second = client.get("/").text, client.get("/").text
    assert "밥님, 가입을 환영합니다." in first
    assert "밥님, 가입을 환영합니다." not in second
    assert "<strong>bob</strong>" in second


# --- 위협 모델: 막지 않는 것 ---------------------------------------------------------------


@pytest.mark.lesson("threat-model", "not-defended")
def test_there_is_no_lockout_after_many_wrong_passwords(client, auth, alice):
    """이 단계들에는 시도 횟수 제한이 없습니다: 틀린 비밀번호 20번 뒤에도 맞는 비밀번호는 바로 통합니다."""
    for _ in range(20):
        assert auth.login("alice", "wrong-password").status_code == 200, (
            "틀린 비밀번호의 로그인이 200이 아닙니다"
        )
    assert auth.login().status_code == 302, "틀린 비밀번호 20번 뒤에 맞는 비밀번호로 로그인되지 않았습니다"


# --- v1.0.8: 해시 비용과 예전 해시 ---------------------------------------------------------


def assert_scrypt_needs_a_little_over(mib, **parameters):
    """이 매개변수의 scrypt는 mib MiB 안에서는 ValueError, 4 KiB를 더하면 64바이트 해시를 냅니다."""
    with pytest.raises(ValueError):
        hashlib.scrypt(PASSWORD.encode(), **parameters, maxmem=mib * MIB)
    assert len(hashlib.scrypt(PASSWORD.encode(), **parameters, maxmem=mib * MIB + 4096)) == 64


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "hash-cost")
@pytest.mark.real_hash
def test_one_default_scrypt_hash_needs_a_little_over_32_mib(auth, users):
    """기본 scrypt 해시 한 번은 32 MiB보다 조금 더 필요합니다: maxmem 32 MiB는 실패, 32 MiB + 4 KiB는 성공."""
    auth.register("bob")
    method, salt, _ = users["bob"].password_hash.split("$")
    name, n, r, p = method.split(":")
    assert (name, int(n), int(r), int(p)) == ("scrypt", 2**15, 8, 1)
    assert 128 * int(n) * int(r) == 32 * MIB
    assert_scrypt_needs_a_little_over(32, salt=salt.encode(), n=int(n), r=int(r), p=int(p))


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "hash-cost")
def test_owasps_scrypt_minimum_needs_a_little_over_128_mib():
    """OWASP 최소(scrypt:131072:8:1)는 128 MiB보다 조금 더 씁니다: 128 MiB는 실패, 4 KiB를 더하면 성공."""
    assert_scrypt_needs_a_little_over(128, salt=b"salt", n=2**17, r=8, p=1)


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "alternatives")
def test_bcrypt_5_refuses_passwords_over_72_bytes_and_hangul_is_3_bytes():
    """bcrypt 5.0부터는 72바이트를 넘는 비밀번호에 ValueError를 냅니다. 한글 한 글자는 UTF-8로 3바이트입니다.

    bcrypt is no dependency of the steps; nox installs it with the test dependencies.
    """
    bcrypt = pytest.importorskip("bcrypt", minversion="5.0")
    assert len("가".encode()) == 3
    salt = bcrypt.gensalt(rounds=4)
    assert bcrypt.checkpw(("가" * 24).encode(), bcrypt.hashpw(("가" * 24).encode(), salt))
    with pytest.raises(ValueError):
        bcrypt.hashpw(("가" * 25).encode(), salt)


@pytest.mark.reference
@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "dummy-hash")
def test_the_dummy_password_does_not_log_in_an_unknown_user(client, auth):
    """가짜 해시의 비밀번호를 알아도 없는 아이디로는 로그인되지 않아야 합니다 (user is not None 검사)."""
    response = auth.login("nobody", "googlekaap-dummy-password")
    assert response.status_code == 200
    with client.session_transaction() as current:
        assert "user_id" not in current


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "login-hash")
def test_a_registered_user_logs_in_against_the_stored_hash(client, auth):
    """가입할 때 저장한 해시로 로그인을 확인해야 합니다: 맞는 비밀번호는 302, 틀린 비밀번호는 200."""
    auth.register("bob")
    auth.logout()
    assert auth.login("bob", "wrong-password").status_code == 200, "틀린 비밀번호로 로그인되었습니다"
    response = auth.login("bob", PASSWORD)
    answer = (response.status_code, response.location)
    assert answer == (302, "/"), (
        f"가입한 비밀번호로 로그인한 응답이 {answer}입니다: check_password_hash로 확인하세요"
    )
    assert_logged_in_as(client, "bob")


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "rehash")
def test_a_user_stored_with_an_old_pbkdf2_hash_still_logs_in(client, auth, users):
    """기본 방식이 바뀌어도 예전 해시는 check_password_hash로 그대로 확인되어 로그인되어야 합니다."""
    # A new User rather than an assignment to its field: a User may be a frozen dataclass. The iteration
    # count is the string's own (Werkzeug's old default was 600000): a small one checks the same, faster.
    old_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")
    users["old"] = dataclasses.replace(make_user("old", "예전 사용자"), password_hash=old_hash)
    response = auth.login("old", PASSWORD)
    answer = (response.status_code, response.location)
    assert answer == (302, "/"), f"pbkdf2 해시로 저장된 사용자의 로그인 응답이 {answer}입니다"
    assert_logged_in_as(client, "old")
    assert auth.login("old", "wrong-password").status_code == 200, "틀린 비밀번호로 로그인되었습니다"


# --- 위협 모델 CSRF: 토큰은 한 시간 통합니다 -----------------------------------------------------


@pytest.mark.lesson("threat-model", "csrf")
@pytest.mark.parametrize(("age", "status"), [(3599, 200), (3601, 400)], ids=["59m59s", "60m01s"])
def test_a_csrf_token_is_accepted_for_one_hour_after_the_form_was_drawn(csrf_app, monkeypatch, age, status):
    """CSRF 토큰은 폼을 그린 때부터 한 시간(WTF_CSRF_TIME_LIMIT, 3600초) 통하고, 그 뒤에는 400입니다."""
    client = csrf_app.test_client()
    real = TimestampSigner.get_timestamp
    with monkeypatch.context() as clock:
        # itsdangerous가 서명할 때 읽는 시각을 age초 전으로: age초 전에 그린 폼입니다.
        clock.setattr(TimestampSigner, "get_timestamp", lambda signer: real(signer) - age)
        token = csrf_token_from(client.get("/auth/login").text)
    form = {"user_id": "nobody", "password": "wrong-password", "csrf_token": token}
    # 200: 토큰은 통과, 로그인만 실패. 400: 토큰이 만료되었습니다.
    got = client.post("/auth/login", data=form).status_code
    assert got == status, f"{age}초 전에 그린 폼의 토큰으로 보낸 로그인이 {got}입니다: {status}여야 합니다"


# --- 용어: g는 앱 컨텍스트에, 확장의 자리는 app.extensions ---------------------------------------


@pytest.mark.lesson("glossary", "session")
def test_g_lives_on_the_app_context_not_the_request(app):
    """flask.g는 앱 컨텍스트에 있습니다. 요청 없이 app.app_context()만 열어도 g는 쓸 수 있습니다."""
    with app.app_context():
        g.note = "요청 없이"
        assert g.note == "요청 없이"
        assert not has_request_context()
        with pytest.raises(RuntimeError):
            request.path  # noqa: B018 (the access itself is what raises)


@pytest.mark.lesson("glossary", "flask")
def test_app_extensions_is_where_flask_wtf_keeps_its_state_beside_our_store(app):
    """app.extensions는 확장이 상태를 두는 곳입니다. Flask-WTF의 "csrf" 옆에 "users"를 둡니다."""
    assert isinstance(app.extensions.get("csrf"), CSRFProtect), (
        "CSRFProtect를 앱에 붙이세요: csrf.init_app(app)"
    )
    assert "users" in app.extensions, 'create_app()에서 app.extensions["users"] = {}로 저장소를 두세요'


# --- 로드 밸런서: SQLite 파일 하나를 여러 프로세스가 함께 씁니다 ----------------------------------

SQLITE_WRITER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")  # the write lock, held until COMMIT
db.execute("INSERT INTO users VALUES ('alice')")
print("holding", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


@pytest.mark.lesson("load-balancer", "fixes")
def test_two_processes_share_one_sqlite_file_and_write_one_at_a_time(tmp_path):
    """SQLite 파일 하나를 여러 프로세스가 함께 씁니다. 쓰기는 한 번에 한 프로세스만 할 수 있습니다."""
    path = tmp_path / "users.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (user_id TEXT PRIMARY KEY)")
    # 워커 1: 다른 프로세스가 쓰기 잠금을 잡고 alice를 넣는 중입니다.
    writer = subprocess.Popen(
        [sys.executable, "-c", SQLITE_WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "holding"
        # 워커 2: 기다리지 않으면(timeout=0) 쓰기는 곧바로 'database is locked'입니다.
        impatient = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            impatient.execute("INSERT INTO users VALUES ('bob')")
        impatient.close()
        writer.stdin.write("commit\n")
        writer.stdin.flush()
        # 기본값(5초)만큼은 기다리므로, 워커 1이 끝내면 쓰기가 됩니다. 워커 1의 alice도 보입니다.
        patient = sqlite3.connect(path)
        with patient:
            patient.execute("INSERT INTO users VALUES ('bob')")
        assert sorted(row[0] for row in patient.execute("SELECT user_id FROM users")) == ["alice", "bob"]
        patient.close()
    finally:
        writer.stdin.close()
        writer.wait(timeout=10)
        writer.stdout.close()


@pytest.mark.reference  # a fact about Flask's debug mode, not about the learner's code
@pytest.mark.lesson("v1.0.7", "hello")
def test_in_debug_mode_templates_are_read_again_without_a_restart():
    """--debug로 켜면 템플릿은 서버를 다시 켜지 않아도 새로 읽습니다(jinja_env.auto_reload), 끄면 아닙니다."""
    assert make_app(DEBUG=True).jinja_env.auto_reload is True
    assert make_app(DEBUG=False).jinja_env.auto_reload is False
