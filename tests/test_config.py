"""SECRET_KEY from the environment, test_config last, cookie defaults. Key refusal: test_secret_key.py."""

import pytest
from conftest import make_app

# What secrets.token_hex() makes: a key the start-up check accepts outside debug and testing.
ENV_KEY = "0123456789abcdef" * 4


@pytest.fixture(autouse=True)
def no_secret_in_env(monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)


def create(**config):
    from googlekaap import create_app

    return create_app(config or None)


@pytest.mark.lesson("v1.0.7", "startup-key-check")
def test_secret_key_comes_from_flask_secret_key(monkeypatch):
    """FLASK_SECRET_KEY가 SECRET_KEY를 덮어써야 합니다: 기본값 다음에 app.config.from_prefixed_env()."""
    monkeypatch.setenv("FLASK_SECRET_KEY", ENV_KEY)
    assert create().config["SECRET_KEY"] == ENV_KEY, "FLASK_SECRET_KEY가 SECRET_KEY가 되지 않았습니다"


@pytest.mark.lesson("v1.0.7", "startup-key-check")
def test_test_config_is_applied_last(monkeypatch):
    """create_app(test_config)의 값은 마지막에, 환경 변수보다 나중에 적용해야 합니다."""
    monkeypatch.setenv("FLASK_SECRET_KEY", ENV_KEY)
    assert make_app().config["SECRET_KEY"] == "test-secret-key", (
        "create_app(test_config)의 SECRET_KEY가 환경 변수에 덮어써졌습니다: test_config를 마지막에 적용하세요"
    )


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_cookie_defaults(app):
    """설정: SESSION_COOKIE_NAME="googlekaap", HTTPONLY=True, SAMESITE="Lax", 본문 한도 16 KiB."""
    expected = {
        "SESSION_COOKIE_NAME": "googlekaap",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 16 * 1024,
    }
    wrong = {name: app.config.get(name) for name, value in expected.items() if app.config.get(name) != value}
    assert not wrong, f"설정 값이 다릅니다: {wrong} (기대: {expected})"
