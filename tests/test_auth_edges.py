"""Edges that mutation testing showed unguarded: logout twice, the dummy hash, session.clear(), `\\Z`."""

import hashlib
import sys

import pytest
from conftest import PASSWORD, AuthActions, csrf_token_from, make_app, make_user, session_of


@pytest.mark.lesson("v1.0.7", "logout")
def test_logging_out_while_logged_out_is_a_redirect_not_an_error(client, auth):
    """로그아웃은 로그인하지 않았어도 302여야 합니다: session.pop('user_id', None)처럼 기본값을 주세요."""
    first, second = auth.logout(), auth.logout()
    answers = [(r.status_code, r.location) for r in (first, second)]
    assert answers == [(302, "/auth/login")] * 2, f"로그인하지 않은 채 로그아웃한 두 응답이 {answers}입니다"


@pytest.mark.lesson("v1.0.7", "logout")
def test_logout_keeps_the_rest_of_the_session(client, auth, alice):
    """로그아웃은 user_id만 지웁니다(session.pop): session.clear()처럼 다른 값까지 지우면 안 됩니다."""
    auth.login()
    with client.session_transaction() as session:
        session["theme"] = "dark"
    auth.logout()
    after = session_of(client)
    assert after == {"theme": "dark"}, f"로그아웃 뒤의 세션이 {after}입니다: user_id만 지워야 합니다"


@pytest.mark.reference
@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "dummy-hash")
def test_an_unknown_id_with_the_dummy_password_fails_like_any_other(client, auth):
    """없는 아이디와 가짜 해시의 비밀번호로도 로그인은 실패해야 합니다: 'and user is not None'이 필요합니다.

    The dummy password is public (it is in the source), so a login with it must not get past the check.
    """
    response = auth.login("nobody", "googlekaap-dummy-password")
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 올바르지 않습니다." in response.text
    assert "user_id" not in session_of(client)


@pytest.fixture
def scrypt_parameters(monkeypatch):
    """The (n, r, p) of every scrypt derivation: werkzeug.security calls hashlib.scrypt for each check."""
    calls = []
    real = hashlib.scrypt

    def recording(password, *, salt, n, r, p, maxmem=0, dklen=64):
        calls.append((n, r, p))
        return real(password, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=dklen)

    monkeypatch.setattr(hashlib, "scrypt", recording)
    return calls


@pytest.fixture
def step_imported_afresh():
    """The step's modules imported again inside the test, and the earlier ones put back after it.

    A dummy hash is made when its module is imported, under whatever hashing was in force then: the
    cheap one of an earlier test, or the real one. Imported afresh, it is made under this test's.
    """

    def step_modules():
        return [name for name in sys.modules if name == "googlekaap" or name.startswith("googlekaap.")]

    saved = {name: sys.modules.pop(name) for name in step_modules()}
    yield
    for name in step_modules():
        del sys.modules[name]
    sys.modules.update(saved)


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "dummy-hash")
@pytest.mark.real_hash
def test_an_unknown_id_costs_the_same_hash_as_a_known_one(step_imported_afresh, scrypt_parameters):
    """없는 아이디도 가입한 사용자와 같은 방식·비용의 해시 검사를 한 번 해야 시간이 같습니다."""
    auth = AuthActions(make_app(WTF_CSRF_ENABLED=False).test_client())
    auth.register("alice")  # Werkzeug's real default hash, as every real user has
    auth.logout()
    scrypt_parameters.clear()
    auth.login("alice", "wrong-password")
    auth.login("nobody", "wrong-password")
    assert len(scrypt_parameters) == 2, (
        f"로그인 두 번에 scrypt 계산이 {len(scrypt_parameters)}번 있었습니다: 로그인마다 한 번이어야 합니다"
    )
    known, unknown = scrypt_parameters
    assert known == unknown, (
        f"없는 아이디의 해시 검사 비용 {unknown}이 가입한 사용자의 {known}과 다릅니다 (scrypt의 n, r, p): "
        "더미 해시도 generate_password_hash(...)의 기본 방식으로 만드세요"
    )


@pytest.mark.lesson("v1.0.7", "login")
def test_logging_in_as_someone_else_leaves_only_the_new_user(client, auth, users):
    """다른 사용자로 로그인하면 세션에는 새 user_id만 남아야 합니다: 먼저 session.clear()를 하세요."""
    auth.register("alice")
    with client.session_transaction() as session:
        session["cart"] = ["from alice"]
    auth.logout()
    auth.register("bob")
    after = session_of(client)
    after.pop("_flashes", None)
    assert after == {"user_id": "bob"}, (
        f"bob으로 가입한 뒤의 세션이 {after}입니다: 이전 사용자의 값이 남았습니다"
    )


@pytest.mark.lesson("v1.0.7", "login")
def test_logging_in_issues_a_new_csrf_token(csrf_app, alice_csrf):
    """로그인할 때 세션을 비우므로 로그인 전의 CSRF 토큰은 버려지고 새 토큰이 나와야 합니다."""
    client = csrf_app.test_client()
    before = csrf_token_from(client.get("/auth/login").text)
    secret_before = session_of(client)["csrf_token"]
    response = client.post(
        "/auth/login", data={"user_id": "alice", "password": PASSWORD, "csrf_token": before}
    )
    assert response.status_code == 302, f"토큰을 담은 로그인의 응답이 {response.status_code}입니다"
    assert "csrf_token" not in session_of(client), "로그인 전의 CSRF 토큰이 로그인 뒤에도 세션에 남았습니다"
    client.get("/")
    assert session_of(client).get("csrf_token") != secret_before, "로그인 뒤에도 CSRF 토큰이 그대로입니다"


@pytest.fixture
def alice_csrf(csrf_app):
    csrf_app.extensions["users"]["alice"] = make_user("alice")


@pytest.mark.lesson("v1.0.7", "forms")
def test_an_id_with_a_trailing_newline_cannot_shadow_an_existing_one(client, auth, users, alice):
    """'alice\\n'처럼 끝에 줄바꿈이 붙은 아이디는 거부해야 합니다: 정규식 끝은 $가 아니라 \\Z로 쓰세요."""
    response = auth.register("alice\n", "가짜 앨리스")
    assert response.status_code == 200, (
        f"'alice\\n'으로 가입한 응답이 {response.status_code}입니다: 200이어야 합니다"
    )
    assert list(users) == ["alice"], f"'alice\\n'으로 가입했더니 저장소가 {list(users)}입니다"
    assert "user_id" not in session_of(client), "'alice\\n'으로 가입했더니 로그인되었습니다"


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize("user_id", ["bob\n", "bob\r\n", "\nbob", "b\nob"])
def test_no_newline_anywhere_in_a_new_id(client, auth, users, user_id):
    """줄바꿈이 든 아이디는 어느 자리든 가입되지 않아야 합니다 (특히 끝: $는 끝의 \\n을 통과시킵니다)."""
    response = auth.register(user_id)
    assert response.status_code == 200, (
        f"{user_id!r}로 가입한 응답이 {response.status_code}입니다: 200이어야 합니다"
    )
    assert len(users) == 0, f"줄바꿈이 든 아이디 {user_id!r}가 저장되었습니다: {list(users)}"


@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(
    "password",
    ["a", PASSWORD[:-1], PASSWORD + "x", PASSWORD.upper(), " " + PASSWORD, "~" * 8],
    ids=["sorts-before", "prefix", "longer", "upper", "leading-space", "sorts-after"],
)
def test_only_the_exact_password_logs_in(client, auth, alice, password):
    """비밀번호는 정확히 같을 때만 로그인됩니다: 앞부분, 대소문자, 사전 순서로 비교하면 안 됩니다."""
    response = auth.login("alice", password)
    assert response.status_code == 200, (
        f"비밀번호 {password!r}로 로그인한 응답이 {response.status_code}입니다"
    )
    assert "user_id" not in session_of(client), f"틀린 비밀번호 {password!r}로 로그인되었습니다"
