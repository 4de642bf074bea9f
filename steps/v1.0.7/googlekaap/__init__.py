from flask import Flask
from flask_wtf.csrf import CSRFProtect

__version__ = "1.0.7"

csrf = CSRFProtect()


def create_app(test_config=None):
    app = Flask(__name__)
    # 세션 쿠키에 서명하는 키. 코드에 적힌 개발용 값이라 누구나 압니다.
    # 배포할 때는 환경 변수 FLASK_SECRET_KEY로 바꿉니다.
    app.config["SECRET_KEY"] = "dev"
    # 브라우저 개발자 도구의 쿠키 목록에 이 이름으로 보입니다 (Flask의 기본값은 "session").
    app.config["SESSION_COOKIE_NAME"] = "googlekaap"
    # 다른 사이트가 보낸 POST에는 이 쿠키를 싣지 않습니다.
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # 16 KiB보다 큰 요청 본문은 읽지 않고 413으로 거절합니다.
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024
    # FLASK_로 시작하는 환경 변수가 위의 값을 덮어씁니다 (FLASK_SECRET_KEY → SECRET_KEY).
    app.config.from_prefixed_env()
    # 테스트가 넘기는 설정은 마지막에 적용합니다.
    if test_config is not None:
        app.config.from_mapping(test_config)
    check_secret_key(app)

    csrf.init_app(app)
    # 사용자 저장소: user_id → User. 이 앱의 메모리에만 있어서, 서버를 다시 켜면 비어 있습니다.
    app.extensions["users"] = {}

    from googlekaap.routes import base_route

    app.register_blueprint(base_route.bp)
    from googlekaap.routes import auth_route

    app.register_blueprint(auth_route.bp)
    from googlekaap.routes import error_route

    app.register_blueprint(error_route.bp)
    return app


def check_secret_key(app):
    """서명할 수 없는 키로는 시작하지 않습니다: 첫 요청의 500 대신, 지금 알려 줍니다."""
    # 키를 바꾸는 동안 받아 줄 이전 키들의 목록입니다 (비밀 키 페이지의 "키 바꾸기").
    fallbacks = app.config["SECRET_KEY_FALLBACKS"] or []
    if not isinstance(fallbacks, list):
        raise RuntimeError(
            "SECRET_KEY_FALLBACKS는 키의 목록이어야 합니다. 예: FLASK_SECRET_KEY_FALLBACKS='[\"이전 키\"]'"
        )
    for key in [app.config["SECRET_KEY"], *fallbacks]:
        # 환경 변수는 JSON으로 먼저 읽힙니다: FLASK_SECRET_KEY=12345는 문자열이 아니라 숫자입니다.
        if not isinstance(key, (str, bytes)) or not key:
            raise RuntimeError(
                f"세션에 서명할 수 없는 키입니다: {key!r}\n"
                "새 키를 만들어 환경 변수 FLASK_SECRET_KEY로 주세요:\n"
                '  python -c "import secrets; print(secrets.token_hex())"'
            )
