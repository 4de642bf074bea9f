"""Form validation: for each rule, one accepted and one rejected case, through HTTP."""

import pytest
from conftest import PASSWORD, make_user

VALID = {"user_id": "alice", "user_name": "앨리스", "password": PASSWORD, "repassword": PASSWORD}


def register(client, **changes):
    data = {**VALID, **changes}
    if "password" in changes and "repassword" not in changes:
        data["repassword"] = changes["password"]
    return client.post("/auth/register", data=data)


@pytest.mark.parametrize(
    "changes",
    [
        {"user_id": "a"},
        {"user_id": "a" * 20},
        {"user_id": "a.b-c_1"},
        {"user_id": "Z9"},
        {"user_name": "김"},
        {"user_name": "가" * 20},
        {"password": "x" * 8},
        {"password": "x" * 128},
    ],
    ids=lambda changes: f"{next(iter(changes))}-{len(next(iter(changes.values())))}",
)
def test_register_accepts(client, users, changes):
    response = register(client, **changes)
    assert response.status_code == 302, response.text
    assert len(users) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"user_id": ""}, "아이디를 입력하세요."),
        ({"user_id": "a" * 21}, "아이디는 20자 이하여야 합니다."),
        ({"user_id": "a b"}, "아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ({"user_id": "한글"}, "아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ({"user_id": "<x>"}, "아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ({"user_id": "abc\n"}, "아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ({"user_name": ""}, "이름을 입력하세요."),
        ({"user_name": "   "}, "이름을 입력하세요."),
        ({"user_name": "가" * 21}, "이름은 20자 이하여야 합니다."),
        ({"password": ""}, "비밀번호를 입력하세요."),
        ({"password": "x" * 7}, "비밀번호는 8자 이상 128자 이하여야 합니다."),
        ({"password": "x" * 129}, "비밀번호는 8자 이상 128자 이하여야 합니다."),
        ({"repassword": PASSWORD + "!"}, "비밀번호가 서로 다릅니다."),
    ],
    ids=lambda value: repr(value)[:24] if isinstance(value, dict) else "",
)
def test_register_rejects_with_a_korean_message(client, users, changes, message):
    response = register(client, **changes)
    assert response.status_code == 200
    assert message in response.text
    assert len(users) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": PASSWORD}, "아이디를 입력하세요."),
        ({"user_id": "alice"}, "비밀번호를 입력하세요."),
    ],
    ids=["missing-user_id", "missing-password"],
)
def test_login_requires_both_fields(client, alice, data, message):
    response = client.post("/auth/login", data=data)
    assert response.status_code == 200
    assert message in response.text
    with client.session_transaction() as session:
        assert "user_id" not in session


def test_login_does_not_apply_register_rules(client, users):
    # Login checks only that both fields are there: a 5-character password stored earlier still works.
    users.add(make_user("x", password="short"))
    response = client.post("/auth/login", data={"user_id": "x", "password": "short"})
    assert response.status_code == 302
