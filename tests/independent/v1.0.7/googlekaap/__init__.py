"""googlekaap: 아이디·비밀번호로 로그인하는 작은 Flask 앱."""

import sys
import threading

from flask import Flask, request, session
from flask_wtf.csrf import CSRFProtect

__version__ = "1.0.7"


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="googlekaap-dev-key-change-me",
        SESSION_COOKIE_NAME="googlekaap",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=16 * 1024,
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY -> SECRET_KEY
    if test_config is not None:
        app.config.from_mapping(test_config)
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if not isinstance(fallbacks, list):
        sys.exit(f"SECRET_KEY_FALLBACKS는 목록이어야 합니다. 새 키: {KEY_RECIPE}")
    for key in [app.config["SECRET_KEY"], *fallbacks]:
        _refuse_unusable_key(key)

    # 앱마다 따로: 평범한 dict 하나와 그 dict를 지키는 잠금 하나
    app.extensions["users"] = {}
    app.extensions["users_lock"] = threading.Lock()

    app.before_request(_guard_request)  # CSRFProtect보다 먼저 돈다
    CSRFProtect(app)

    from .views import account, main

    app.register_blueprint(main)
    app.register_blueprint(account)
    return app


KEY_RECIPE = 'python -c "import secrets; print(secrets.token_hex())"'


def _refuse_unusable_key(key):
    """서명할 수 없는 키(문자열도 bytes도 아니거나 비어 있음)면 요청을 받기 전에 끝낸다."""
    if not isinstance(key, str | bytes) or not key:
        sys.exit(f"SECRET_KEY로 서명할 수 없습니다: {key!r}. 새 키: {KEY_RECIPE}")


def _guard_request():
    if request.method == "POST":
        request.get_data()  # 16 KiB를 넘는 본문은 CSRF 설정과 상관없이 여기서 413
    token = session.get("csrf_token", "")
    if not (isinstance(token, str) and token.isascii()):
        session.pop("csrf_token")  # 이상한 세션 값이 Flask-WTF 비교에서 500을 내지 않게
