"""The /auth routes of DESIGN.md's HTTP table, one behaviour per test."""

import re

import pytest
from conftest import PASSWORD

LOGIN_FAILED = "아이디 또는 비밀번호가 올바르지 않습니다."


def session_user(client):
    with client.session_transaction() as session:
        return session.get("user_id")


def input_names(html):
    return set(re.findall(r'<input[^>]*name="([^"]+)"', html))


def test_auth_root_redirects_to_login(client):
    response = client.get("/auth/")
    assert response.status_code == 302
    assert response.location == "/auth/login"


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/auth/login", {"user_id", "password", "csrf_token"}),
        ("/auth/register", {"user_id", "user_name", "password", "repassword", "csrf_token"}),
    ],
)
def test_form_pages_have_the_contract_fields(csrf_app, path, fields):
    response = csrf_app.test_client().get(path)
    assert response.status_code == 200
    assert input_names(response.text) == fields


def test_login_success_sets_user_id_and_redirects_to_index(client, auth, alice):
    response = auth.login()
    assert response.status_code == 302
    assert response.location == "/"
    assert session_user(client) == "alice"


@pytest.mark.parametrize(
    ("user_id", "password"),
    [("alice", "wrong-password"), ("nobody", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_shows_one_generic_message_and_sets_nothing(client, auth, alice, user_id, password):
    response = auth.login(user_id, password)
    assert response.status_code == 200
    assert response.text.count(LOGIN_FAILED) == 1
    assert "Set-Cookie" not in response.headers, "a failed login must not touch the session"
    assert session_user(client) is None


def test_failed_login_echoes_the_user_id_but_never_the_password(auth, alice):
    response = auth.login("alice", "wrong-password")
    assert 'value="alice"' in response.text
    assert "wrong-password" not in response.text


def test_register_stores_the_user_logs_in_and_welcomes(client, auth, users):
    response = auth.register("bob", "밥")
    assert response.status_code == 302
    assert response.location == "/"
    assert users["bob"].user_name == "밥"
    assert session_user(client) == "bob"
    assert "밥님, 가입을 환영합니다." in client.get("/").text


def test_register_existing_id_flashes_redirects_back_and_keeps_the_original(client, auth, users, alice):
    response = auth.register("alice", "다른 사람", password="other-password-1")
    assert response.status_code == 302
    assert response.location == "/auth/register"
    assert users["alice"] is alice
    assert session_user(client) is None
    assert "이미 사용 중인 아이디입니다." in client.get("/auth/register").text


def test_register_invalid_form_flashes_each_error(client, auth, users):
    response = auth.register("", "", password="short", repassword="different")
    assert response.status_code == 200
    for message in [
        "아이디를 입력하세요.",
        "이름을 입력하세요.",
        "비밀번호는 8자 이상 128자 이하여야 합니다.",
        "비밀번호가 서로 다릅니다.",
    ]:
        assert f'<p class="flash" role="alert">{message}</p>' in response.text
    assert len(users) == 0
    assert session_user(client) is None


def test_logout_pops_user_id_and_redirects_to_login(client, auth, alice):
    auth.login()
    response = auth.logout()
    assert response.status_code == 302
    assert response.location == "/auth/login"
    assert session_user(client) is None
    assert 'id="user-id"' not in client.get("/").text


def test_logout_by_get_is_405_with_a_korean_message(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert response.headers["Allow"].split(", ").count("POST") == 1
    assert "메서드" in response.text


def test_logged_in_pages_offer_a_post_logout_button(client, auth, alice):
    auth.login()
    html = client.get("/").text
    assert '<form method="post" action="/auth/logout">' in html
