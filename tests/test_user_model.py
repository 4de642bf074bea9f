"""The course's second item: a User dataclass (docs/v1.0.7.md#user-model, the contract's #user-fields)."""

import dataclasses

import pytest
from conftest import step_version


@pytest.mark.lesson("v1.0.7", "user-model")
def test_user_is_a_dataclass_with_the_steps_fields_in_order():
    """User는 @dataclass이고 필드가 user_id, user_name, password(v1.0.8은 password_hash) 순서여야 합니다."""
    from googlekaap.models.user import User

    assert dataclasses.is_dataclass(User), "User에 @dataclass를 붙이세요"
    secret = "password_hash" if step_version() >= (1, 0, 8) else "password"
    names = [field.name for field in dataclasses.fields(User)]
    assert names == ["user_id", "user_name", secret], (
        f"User의 필드가 {names}입니다: user_id, user_name, {secret}"
    )
