"""SECRET_KEY and the development-key warning."""

import logging

import pytest
from conftest import make_app

WARNING = "개발용 SECRET_KEY로 실행 중입니다"


@pytest.fixture(autouse=True)
def no_secret_in_env(monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)


def create(**config):
    from googlekaap import create_app

    return create_app(config or None)


def warnings(caplog):
    return [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and WARNING in r.getMessage()
    ]


def test_secret_key_comes_from_flask_secret_key(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    assert create().config["SECRET_KEY"] == "from-the-environment"


def test_test_config_is_applied_last(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    assert make_app().config["SECRET_KEY"] == "test-secret-key"


def test_dev_key_outside_debug_and_testing_warns_in_korean(caplog):
    create()
    assert len(warnings(caplog)) == 1


@pytest.mark.parametrize(
    "config", [{"TESTING": True}, {"DEBUG": True}, {"SECRET_KEY": "a-real-secret"}], ids=str
)
def test_no_warning_when_testing_debugging_or_keyed(caplog, config):
    create(**config)
    assert warnings(caplog) == []


def test_cookie_defaults(app):
    assert app.config["SESSION_COOKIE_NAME"] == "googlekaap"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024
