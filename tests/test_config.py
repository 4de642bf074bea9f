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


@pytest.mark.lesson("secret-key", "env-key")
def test_secret_key_comes_from_flask_secret_key(monkeypatch):
    """SECRET_KEY는 환경 변수 FLASK_SECRET_KEY에서 와야 합니다: from_prefixed_env()를 부르세요."""
    monkeypatch.setenv("FLASK_SECRET_KEY", ENV_KEY)
    assert create().config["SECRET_KEY"] == ENV_KEY


@pytest.mark.lesson("v1.0.7", "app-factory")
def test_test_config_is_applied_last(monkeypatch):
    """create_app(test_config)의 값은 환경 변수보다 나중에, 마지막으로 적용되어야 합니다."""
    monkeypatch.setenv("FLASK_SECRET_KEY", ENV_KEY)
    assert make_app().config["SECRET_KEY"] == "test-secret-key"


def test_cookie_defaults(app):
    assert app.config["SESSION_COOKIE_NAME"] == "googlekaap"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024
