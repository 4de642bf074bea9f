"""The /auth routes of the contract page (docs/contract.md#routes), one behaviour per test."""

import pytest
from conftest import PASSWORD, form_inputs, posts_to, session_of, shown_user, without_csrf_tokens

LOGIN_FAILED = "아이디 또는 비밀번호가 올바르지 않습니다."


def session_user(client):
    return session_of(client).get("user_id")


def answer(response):
    """(status code, where it redirects): what the tests below expect, and what their messages show."""
    return response.status_code, response.location


@pytest.mark.lesson("v1.0.7", "register")
def test_auth_root_redirects_to_login(client):
    """GET /auth/ 는 302로 /auth/login에 보내야 합니다: redirect(url_for('auth.login'))."""
    response = client.get("/auth/")
    assert answer(response) == (302, "/auth/login"), f"GET /auth/의 응답이 {answer(response)}입니다"


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/auth/login", {"user_id", "password", "csrf_token"}),
        ("/auth/register", {"user_id", "user_name", "password", "repassword", "csrf_token"}),
    ],
)
def test_form_pages_have_the_contract_fields(csrf_app, path, fields):
    """폼의 input 이름이 검사 기준과 같아야 합니다 (user_id, user_name, password, repassword, csrf_token)."""
    response = csrf_app.test_client().get(path)
    assert response.status_code == 200, f"GET {path}가 {response.status_code}입니다: 200이어야 합니다"
    names = set(form_inputs(response.text))
    assert names == fields, f"{path} 폼의 input 이름이 {sorted(names)}입니다: {sorted(fields)}여야 합니다"


@pytest.mark.lesson("v1.0.7", "login")
def test_login_success_sets_user_id_and_redirects_to_index(client, auth, alice):
    """로그인에 성공하면 session['user_id']에 아이디를 넣고 302로 "/"에 보내야 합니다."""
    response = auth.login()
    assert answer(response) == (302, "/"), f"맞는 비밀번호로 로그인한 응답이 {answer(response)}입니다"
    assert session_user(client) == "alice", "로그인했는데 session['user_id']가 'alice'가 아닙니다"


@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(
    ("user_id", "password"),
    [("alice", "wrong-password"), ("nobody", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_is_200_and_leaves_the_session_as_it_was(client, auth, alice, user_id, password):
    """로그인 실패는 200으로 폼을 다시 보여 주고 세션을 바꾸지 않아야 합니다 (flash도 세션에 씁니다)."""
    with client.session_transaction() as session:
        session["cart"] = ["note-1"]
    before = session_of(client)
    response = auth.login(user_id, password)
    assert response.status_code == 200, (
        f"로그인 실패는 200으로 폼을 다시 보여 줘야 합니다: {response.status_code}"
    )
    after = session_of(client)
    added = sorted(after.keys() - before.keys())
    assert added != ["csrf_token"], (
        "로그인에 실패했는데 세션에 csrf_token이 생겼습니다: 로그인 폼에서 csrf_token()을 직접 부르지 말고 "
        "{{ form.hidden_tag() }}를 쓰세요 (CSRF를 끈 테스트에서는 토큰을 그리지 않아 세션이 그대로입니다)"
    )
    assert after == before, f"로그인에 실패했는데 세션이 바뀌었습니다: {before} → {after}"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(
    ("user_id", "password"),
    [("alice", "wrong-password"), ("nobody", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_shows_our_one_message_and_sends_no_cookie(auth, alice, user_id, password):
    """실패 메시지는 "아이디 또는 비밀번호가 올바르지 않습니다." 한 번, Set-Cookie는 없어야 합니다."""
    response = auth.login(user_id, password)
    assert response.text.count(LOGIN_FAILED) == 1
    assert "Set-Cookie" not in response.headers, "a failed login must not touch the session"


@pytest.mark.lesson("v1.0.7", "login")
def test_failed_login_never_shows_the_password(auth, alice):
    """로그인 실패 화면에 입력한 비밀번호가 다시 보이면 안 됩니다: PasswordField를 쓰세요."""
    response = auth.login("alice", "wrong-password")
    assert "wrong-password" not in response.text, "로그인 실패 화면에 입력한 비밀번호가 보입니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
def test_failed_login_keeps_the_typed_user_id_in_the_form(auth, alice):
    """로그인 실패 화면의 아이디 칸에는 입력한 아이디가 남아 있어야 합니다."""
    response = auth.login("alice", "wrong-password")
    assert form_inputs(response.text)["user_id"] == "alice"


@pytest.mark.lesson("v1.0.7", "register")
def test_register_stores_the_user_and_logs_in(client, auth, users):
    """가입에 성공하면 사용자를 저장하고, session['user_id']를 넣고, 302로 "/"에 보내야 합니다."""
    response = auth.register("bob", "밥")
    assert answer(response) == (302, "/"), f"올바른 가입의 응답이 {answer(response)}입니다"
    assert "bob" in users, '가입했는데 app.extensions["users"]에 "bob"이 없습니다'
    assert users["bob"].user_name == "밥", "저장된 사용자의 user_name이 가입할 때의 이름이 아닙니다"
    assert session_user(client) == "bob", "가입했는데 session['user_id']가 'bob'이 아닙니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "register")
def test_register_welcomes_by_name(client, auth):
    """가입 뒤 첫 화면에 "밥님, 가입을 환영합니다."가 flash로 보여야 합니다."""
    auth.register("bob", "밥")
    assert '<p role="alert">밥님, 가입을 환영합니다.</p>' in client.get("/").text


@pytest.mark.lesson("v1.0.7", "register")
def test_register_existing_id_redirects_back_with_a_message_and_keeps_the_original(
    client, auth, users, alice
):
    """이미 있는 아이디면 저장된 사용자를 그대로 두고, flash 뒤 302로 /auth/register에 보내야 합니다."""
    fresh_page = register_page(client)
    response = auth.register("alice", "다른 사람", password="other-password-1")
    assert answer(response) == (302, "/auth/register"), (
        f"이미 있는 아이디로 가입한 응답이 {answer(response)}입니다"
    )
    assert users["alice"] is alice, "이미 있는 아이디로 가입했더니 저장된 사용자가 바뀌었습니다"
    assert session_user(client) is None, "이미 있는 아이디로 가입했더니 로그인되었습니다"
    assert register_page(client) != fresh_page, "돌아간 가입 화면에 flash 메시지가 없습니다"
    assert register_page(client) == fresh_page, "flash 메시지는 한 번만 보여야 합니다"


def register_page(client):
    """GET /auth/register, its CSRF tokens blanked (a page may show one with CSRF off; it holds the time)."""
    return without_csrf_tokens(client.get("/auth/register").text)


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "register")
def test_register_existing_id_says_so(client, auth, alice):
    """이미 있는 아이디로 가입하면 "이미 사용 중인 아이디입니다."가 보여야 합니다."""
    auth.register("alice", "다른 사람", password="other-password-1")
    assert '<p role="alert">이미 사용 중인 아이디입니다.</p>' in client.get("/auth/register").text


@pytest.mark.lesson("v1.0.7", "register")
def test_register_invalid_form_is_200_stores_nothing_and_logs_nobody_in(client, auth, users):
    """규칙에 맞지 않는 가입은 200으로 폼과 오류를 보여 주고, 저장도 로그인도 하지 않아야 합니다."""
    fresh_page = register_page(client)
    response = auth.register("", "", password="short", repassword="different")
    assert response.status_code == 200, f"규칙에 맞지 않는 가입의 응답이 {response.status_code}입니다"
    assert without_csrf_tokens(response.text) != fresh_page, "오류 메시지가 화면에 없습니다"
    assert len(users) == 0, f"규칙에 맞지 않는 가입인데 저장소에 {list(users)}가 있습니다"
    assert session_user(client) is None, "규칙에 맞지 않는 가입인데 로그인되었습니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "register")
def test_register_invalid_form_shows_each_error(auth):
    """규칙 위반마다 그 메시지가 그 칸 아래에 보여야 합니다: 템플릿에서 field.errors를 하나씩."""
    response = auth.register("", "", password="short", repassword="different")
    for message in [
        "아이디를 입력하세요.",
        "이름을 입력하세요.",
        "비밀번호는 8자 이상 128자 이하여야 합니다.",
        "비밀번호가 서로 다릅니다.",
    ]:
        assert f'<p role="alert">{message}</p>' in response.text


@pytest.mark.lesson("v1.0.7", "logout")
def test_logout_pops_user_id_and_redirects_to_login(client, auth, alice):
    """로그아웃은 session.pop('user_id', None)으로 아이디를 지우고 302로 /auth/login에 보내야 합니다."""
    auth.login()
    response = auth.logout()
    assert answer(response) == (302, "/auth/login"), f"로그아웃의 응답이 {answer(response)}입니다"
    assert session_user(client) is None, "로그아웃했는데 session['user_id']가 남아 있습니다"
    assert not shown_user(client, "alice"), "로그아웃했는데 첫 화면에 'alice'가 보입니다"


@pytest.mark.lesson("v1.0.7", "logout")
def test_logout_by_get_is_405(client, auth, alice):
    """로그아웃은 methods=["POST"]만 받아야 합니다: GET /auth/logout은 405, 로그인은 그대로."""
    auth.login()
    response = client.get("/auth/logout")
    assert response.status_code == 405, f"GET /auth/logout이 {response.status_code}입니다: 405여야 합니다"
    assert session_user(client) == "alice", "GET /auth/logout이 로그아웃시켰습니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_405_keeps_the_allow_header_and_explains_in_korean(client):
    """405 오류 페이지도 Allow 헤더(POST)를 지키고 한국어로 설명합니다: error.get_headers()를 실으세요."""
    response = client.get("/auth/logout")
    assert response.headers["Allow"].split(", ").count("POST") == 1
    assert "이 주소는 이 요청 방식(메서드)을 받지 않습니다." in response.text


@pytest.mark.lesson("v1.0.7", "logout")
def test_logged_in_pages_have_a_post_form_to_logout(client, auth, alice):
    """로그인한 화면에는 /auth/logout으로 POST하는 폼(로그아웃 버튼)이 있어야 합니다."""
    auth.login()
    assert posts_to(client.get("/").text, "/auth/logout"), (
        '첫 화면에 <form method="post" action="/auth/logout">이 없습니다'
    )
