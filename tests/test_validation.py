"""Form validation (docs/contract.md#validation): for each rule, accepted and rejected cases, through HTTP."""

import pytest
from conftest import PASSWORD, make_user

VALID = {"user_id": "alice", "user_name": "앨리스", "password": PASSWORD, "repassword": PASSWORD}


def register(client, **changes):
    data = {**VALID, **changes}
    if "password" in changes and "repassword" not in changes:
        data["repassword"] = changes["password"]
    return client.post("/auth/register", data=data)


@pytest.mark.lesson("v1.0.7", "forms")
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
    """경계값(아이디·이름 1자와 20자, 비밀번호 8자와 128자)은 가입되어야 합니다: Length를 확인하세요."""
    response = register(client, **changes)
    assert response.status_code == 302, (
        f"경계값 {changes}로 가입한 응답이 {response.status_code}입니다: 302여야 합니다"
    )
    assert len(users) == 1, f"경계값 {changes}로 가입했는데 저장소가 {list(users)}입니다"


# Each rejected change, and the message our step flashes for it.
REJECTED = [
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
]
REJECTED_IDS = [repr(changes)[:24] for changes, _ in REJECTED]


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize(("changes", "message"), REJECTED, ids=REJECTED_IDS)
def test_register_rejects(client, users, changes, message):
    """가입 규칙을 어기면 200이고 저장하지 않아야 합니다: 검사 기준의 입력 규칙 표를 보세요."""
    response = register(client, **changes)
    assert response.status_code == 200, (
        f"규칙 위반 {changes}로 가입한 응답이 {response.status_code}입니다: 200이어야 합니다"
    )
    assert len(users) == 0, f"규칙 위반 {changes}인데 저장되었습니다: {list(users)}"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize(("changes", "message"), REJECTED, ids=REJECTED_IDS)
def test_register_rejects_with_our_korean_message(client, changes, message):
    """규칙마다 검증기의 message=로 준 한국어 메시지가 화면에 나와야 합니다."""
    response = register(client, **changes)
    assert f'<p role="alert">{message}</p>' in response.text


# A login body with one field missing, and the message our step shows for it.
MISSING_LOGIN_FIELD = [
    pytest.param({"password": PASSWORD}, "아이디를 입력하세요.", id="missing-user_id"),
    pytest.param({"user_id": "alice"}, "비밀번호를 입력하세요.", id="missing-password"),
]


@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(("data", "message"), MISSING_LOGIN_FIELD)
def test_login_requires_both_fields(client, alice, data, message):
    """로그인 폼은 두 칸 모두 DataRequired: 하나라도 비면 200이고 로그인되지 않아야 합니다."""
    response = client.post("/auth/login", data=data)
    assert response.status_code == 200, f"빈 칸이 있는 로그인 {data}의 응답이 {response.status_code}입니다"
    with client.session_transaction() as session:
        assert "user_id" not in session, f"빈 칸이 있는 로그인 {data}로 로그인되었습니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
@pytest.mark.parametrize(("data", "message"), MISSING_LOGIN_FIELD)
def test_login_says_which_field_is_missing(client, data, message):
    """빈 칸이 있으면 그 칸의 한국어 메시지를 보여 줘야 합니다."""
    assert message in client.post("/auth/login", data=data).text


@pytest.mark.lesson("v1.0.7", "login")
def test_login_does_not_apply_register_rules(client, users):
    """로그인 폼에 가입 규칙(길이, 문자)을 넣지 마세요: 예전 규칙으로 가입한 사용자도 로그인해야 합니다."""
    users["x"] = make_user("x", password="short")
    response = client.post("/auth/login", data={"user_id": "x", "password": "short"})
    assert response.status_code == 302, "가입 규칙보다 짧은 비밀번호의 사용자가 로그인하지 못했습니다"
