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


@pytest.mark.lesson("v1.0.7", "app-factory")
def test_secret_key_comes_from_flask_secret_key(monkeypatch):
    """FLASK_SECRET_KEY가 SECRET_KEY를 덮어써야 합니다: 기본값 다음에 app.config.from_prefixed_env()."""
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    assert create().config["SECRET_KEY"] == "from-the-environment"


@pytest.mark.lesson("v1.0.7", "app-factory")
def test_test_config_is_applied_last(monkeypatch):
    """create_app(test_config)의 값은 마지막에, 환경 변수보다 나중에 적용해야 합니다."""
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    assert make_app().config["SECRET_KEY"] == "test-secret-key"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "app-factory")
def test_dev_key_outside_debug_and_testing_warns_in_korean(caplog):
    """개발용 키로 디버그도 테스트도 아닌 실행을 하면 한국어 경고를 남겨야 합니다."""
    create()
    assert len(warnings(caplog)) == 1


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "app-factory")
@pytest.mark.parametrize(
    "config", [{"TESTING": True}, {"DEBUG": True}, {"SECRET_KEY": "a-real-secret"}], ids=str
)
def test_no_warning_when_testing_debugging_or_keyed(caplog, config):
    """테스트·디버그 실행이거나 키를 준 실행에서는 개발용 키 경고가 없어야 합니다."""
    create(**config)
    assert warnings(caplog) == []


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_cookie_defaults(app):
    """설정: SESSION_COOKIE_NAME="googlekaap", HTTPONLY=True, SAMESITE="Lax", 본문 한도 16 KiB."""
    assert app.config["SESSION_COOKIE_NAME"] == "googlekaap"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024
