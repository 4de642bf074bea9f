"""googlekaap: Google Keep 클론의 로그인 단계."""

# --8<-- [start:imports]
from flask import Flask
from flask_wtf.csrf import CSRFProtect

from googlekaap.models.user import UserStore

# --8<-- [end:imports]

# --8<-- [start:version]
__version__ = "1.0.7"
# --8<-- [end:version]

# --8<-- [start:dev-key]
# 개발용 기본 키입니다. 배포할 때는 환경 변수 FLASK_SECRET_KEY로 반드시 바꾸세요.
# 이 키를 아는 사람은 누구의 세션 쿠키든 위조할 수 있습니다.
# 그래서 디버그·테스트가 아닌 실행은 이 키로는 시작하지 않습니다 (아래 check_secret_key).
DEV_SECRET_KEY = "googlekaap-dev-secret-key-change-me"
# --8<-- [end:dev-key]

# --8<-- [start:min_length]
# 실제 사용자를 받는 실행에서 키의 최소 길이입니다. secrets.token_hex(16)이 만드는 32글자(128비트)입니다.
# 길이만 보고 비밀인지 알 수는 없지만, 'secretkey'처럼 사람이 지은 키는 여기서 걸립니다.
MIN_SECRET_KEY_LENGTH = 32
# --8<-- [end:min_length]

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

    # --8<-- [start:key-check-call]
    check_secret_key(app)
    # --8<-- [end:key-check-call]

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


# --8<-- [start:check_secret_key]
def check_secret_key(app):
    """세션을 서명할 수 없거나 비밀일 수 없는 키면, 첫 요청의 500 대신 시작할 때 멈춥니다."""
    # 키를 바꿀 때 쓰는 이전 키들(secret-key 강의의 "키 바꾸기")도 같은 규칙으로 봅니다.
    fallbacks = app.config["SECRET_KEY_FALLBACKS"] or []
    if isinstance(fallbacks, list):
        keys = {"SECRET_KEY": app.config["SECRET_KEY"]}
        keys.update((f"SECRET_KEY_FALLBACKS[{i}]", key) for i, key in enumerate(fallbacks))
        problems = [f"{name}: {problem}" for name, key in keys.items() if (problem := key_problem(app, key))]
    else:
        # 그냥 문자열이면 Flask는 그 글자 하나하나를 키로 씁니다: 한 글자 키로 서명한 쿠키도 통과합니다.
        problems = [
            "SECRET_KEY_FALLBACKS: 목록이 아닙니다. FLASK_SECRET_KEY_FALLBACKS='[\"이전 키\"]'처럼 주세요"
        ]
    if problems:
        # SystemExit: flask run(--debug의 자동 재시작 포함)과 gunicorn 모두 요청을 받기 전에 멈춥니다.
        raise SystemExit(
            "서명 키를 쓸 수 없어 앱을 시작하지 않습니다.\n"
            + "".join(f"  {problem}\n" for problem in problems)
            + "새 키를 만들어 환경 변수 FLASK_SECRET_KEY로 주세요:\n"
            + '  export FLASK_SECRET_KEY="$(python -c "import secrets; print(secrets.token_hex())")"'
        )


def key_problem(app, key):
    """키 하나의 문제를 한국어로, 문제가 없으면 None."""
    if not isinstance(key, str):
        # from_prefixed_env()는 값을 JSON으로 읽습니다: FLASK_SECRET_KEY=12345는 숫자 12345가 됩니다.
        return f"문자열이 아닙니다({type(key).__name__}). 숫자만으로 된 값은 JSON 숫자로 읽힙니다"
    if not key:
        return "비어 있습니다"
    if app.debug or app.testing:
        # 디버그·테스트 서버에는 진짜 사용자가 없습니다: 개발용 키도, 짧은 키도 괜찮습니다.
        return None
    if key == DEV_SECRET_KEY:
        return "코드에 적힌 개발용 키입니다. 이 코드를 본 누구나 세션 쿠키를 위조할 수 있습니다"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"{len(key)}글자로 너무 짧습니다(최소 {MIN_SECRET_KEY_LENGTH}글자)"
    return None


# --8<-- [end:check_secret_key]
