"""The user store of the contract page (docs/contract.md#store), and how each step keeps passwords."""

import dataclasses
import hashlib

import pytest
from conftest import CHEAP_SCRYPT, PASSWORD, make_app, step_version
from werkzeug.security import check_password_hash


@pytest.mark.lesson("v1.0.7", "memory-store")
def test_store_maps_user_id_to_a_user_dataclass(auth, users):
    """가입한 사용자는 app.extensions["users"][user_id]에 @dataclass User로 저장되어야 합니다."""
    auth.register("bob", "밥")
    assert list(users) == ["bob"], f'bob이 가입한 뒤 app.extensions["users"]의 키가 {list(users)}입니다'
    assert dataclasses.is_dataclass(users["bob"]), (
        f"저장된 사용자가 @dataclass가 아니라 {type(users['bob'])}입니다"
    )
    stored = (users["bob"].user_id, users["bob"].user_name)
    assert stored == ("bob", "밥"), f"저장된 사용자의 (user_id, user_name)이 {stored}입니다"


@pytest.mark.lesson("v1.0.7", "memory-store")
def test_two_apps_share_nothing(auth, users):
    """create_app()마다 새 사용자 저장소를 만들어야 합니다: 모듈 전역 USERS = []를 쓰지 마세요."""
    other = make_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_NAME="other")
    auth.register("bob")
    assert "bob" in users, '가입한 bob이 그 앱의 app.extensions["users"]에 없습니다'
    assert other.extensions["users"] is not users, "두 앱이 사용자 저장소 하나를 함께 씁니다"
    assert len(other.extensions["users"]) == 0, "한 앱에 가입한 bob이 다른 앱의 저장소에도 있습니다"
    assert other.config["SESSION_COOKIE_NAME"] == "other", "두 번째 앱의 test_config가 적용되지 않았습니다"


@pytest.mark.lesson("v1.0.7", "plaintext")
def test_v107_stores_the_password_in_plain_text(auth, users):
    """v1.0.7의 User는 password 필드에 평문을, v1.0.8부터는 password 필드 없이 저장해야 합니다.

    The deliberately insecure step: anyone who reads the store reads every password.

    From v1.0.8 on the field is gone, which is what this test's twin below checks.
    """
    auth.register("bob")
    fields = dataclasses.asdict(users["bob"])
    # Branch on the step, not on the fields: a v1.0.7 User without `password` must fail here.
    if step_version() < (1, 0, 8):
        assert fields.get("password") == PASSWORD, f"v1.0.7의 User에 password 필드(평문)가 없습니다: {fields}"
    else:
        assert "password" not in fields, "v1.0.8부터는 User에 평문 password 필드가 없어야 합니다"


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "register-hash")
@pytest.mark.real_hash
def test_only_a_werkzeug_scrypt_hash_is_stored(auth, users):
    """v1.0.8의 User는 password_hash 필드에 generate_password_hash(비밀번호)만 저장해야 합니다."""
    auth.register("bob")
    auth.register("carol")
    bob, carol = users["bob"], users["carol"]
    names = [field.name for field in dataclasses.fields(bob)]
    assert names == ["user_id", "user_name", "password_hash"], f"User의 필드가 {names}입니다"
    assert bob.password_hash.startswith("scrypt:32768:8:1$"), (
        f"저장된 해시가 {bob.password_hash[:20]}…입니다: generate_password_hash(비밀번호)의 기본 방식으로"
    )
    assert check_password_hash(bob.password_hash, PASSWORD), "저장된 해시가 가입한 비밀번호와 맞지 않습니다"
    assert not any(PASSWORD in repr(dataclasses.asdict(user)) for user in users.values()), (
        "평문 비밀번호가 저장되었습니다"
    )
    assert bob.password_hash != carol.password_hash, "same password, different salts, different hashes"


@pytest.fixture
def scrypt_calls(monkeypatch):
    """Count real key derivations: werkzeug.security calls hashlib.scrypt for every hash and check."""
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "dummy-hash")
@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("login", {"user_id": "alice", "password": PASSWORD}),
        ("login", {"user_id": "alice", "password": "wrong-password"}),
        ("login", {"user_id": "nobody", "password": PASSWORD}),
        ("register", {"user_id": "bob"}),
    ],
    ids=["right-password", "wrong-password", "unknown-user", "register"],
)
@pytest.mark.real_hash
def test_each_login_path_and_register_runs_exactly_one_hash(auth, scrypt_calls, action, kwargs):
    """가입과 모든 로그인은 해시를 정확히 한 번 계산해야 합니다: 없는 아이디는 더미 해시로 확인."""
    auth.register("alice")  # stored with the step's own default (scrypt) hash
    scrypt_calls.clear()
    getattr(auth, action)(**kwargs)
    assert len(scrypt_calls) == 1, (
        f"{action} 한 번에 해시 계산이 {len(scrypt_calls)}번 있었습니다: 한 번이어야 합니다"
    )


@pytest.mark.since("1.0.8")
@pytest.mark.reference
@pytest.mark.lesson("v1.0.8", "cheap-hash-in-tests")
def test_tests_about_other_things_hash_with_a_cheap_scrypt(auth, users):
    """해시가 주제가 아닌 테스트는 비용만 낮춘 scrypt로 해시합니다: 저장된 문자열이 scrypt:128:8:1입니다.

    Guards the speed-up in tests/conftest.py: fails if Werkzeug stops looking up _hash_internal per call.
    """
    auth.register("bob")
    assert users["bob"].password_hash.startswith(f"{CHEAP_SCRYPT}$")
    assert check_password_hash(users["bob"].password_hash, PASSWORD)
