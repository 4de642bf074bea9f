"""googlekaap: Google Keep 클론의 로그인 단계."""

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from googlekaap.models.user import UserStore

# --8<-- [start:version]
__version__ = "1.0.7"
# --8<-- [end:version]

# 개발용 기본 키입니다. 배포할 때는 환경 변수 FLASK_SECRET_KEY로 반드시 바꾸세요.
# 이 키를 아는 사람은 누구의 세션 쿠키든 위조할 수 있습니다.
DEV_SECRET_KEY = "googlekaap-dev-secret-key-change-me"

# --8<-- [start:csrf-object]
csrf = CSRFProtect()
# --8<-- [end:csrf-object]


# --8<-- [start:create-app]
def create_app(test_config=None):
    app = Flask(__name__)
    # --8<-- [end:create-app]
    app.config.from_mapping(
        SECRET_KEY=DEV_SECRET_KEY,
        # --8<-- [start:cookie-config]
        # 브라우저 개발자 도구(Application → Cookies)에서 이 이름으로 보입니다.
        SESSION_COOKIE_NAME="googlekaap",
        # HttpOnly: 자바스크립트(document.cookie)로 읽을 수 없게 합니다.
        SESSION_COOKIE_HTTPONLY=True,
        # Lax: 다른 사이트에서 보낸 POST에는 쿠키가 실리지 않습니다.
        SESSION_COOKIE_SAMESITE="Lax",
        # --8<-- [end:cookie-config]
        # 16 KiB보다 큰 요청 본문은 읽지 않고 413으로 거절합니다.
        MAX_CONTENT_LENGTH=16 * 1024,
    )
    # --8<-- [start:config-order]
    # FLASK_SECRET_KEY 같은 FLASK_ 환경 변수가 위 기본값을 덮어씁니다.
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
        # --8<-- [end:config-order]

    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        app.logger.warning(
            "개발용 SECRET_KEY로 실행 중입니다. 누구나 세션 쿠키를 위조할 수 있으니 "
            "환경 변수 FLASK_SECRET_KEY를 설정하세요."
        )

    # --8<-- [start:csrf]
    csrf.init_app(app)
    # --8<-- [end:csrf]

    # --8<-- [start:store]
    # 사용자 저장소는 이 프로세스의 메모리에만 있습니다.
    # 서버를 다시 켜거나 프로세스가 둘이 되면 (gunicorn -w 2) 서로 보지 못합니다.
    app.extensions["users"] = UserStore()
    # --8<-- [end:store]

    # --8<-- [start:blueprints]
    from googlekaap.routes import auth_route, base_route, error_route

    app.register_blueprint(base_route.bp)
    app.register_blueprint(auth_route.bp)
    app.register_blueprint(error_route.bp)
    return app
    # --8<-- [end:blueprints]
