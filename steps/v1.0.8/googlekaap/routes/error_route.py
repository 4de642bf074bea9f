from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

bp = Blueprint("error", __name__)

MESSAGES = {
    400: "잘못된 요청입니다.",
    404: "페이지를 찾을 수 없습니다.",
    405: "이 주소는 이 요청 방식(메서드)을 받지 않습니다.",
    413: "요청이 너무 큽니다. 16 KiB 이하로 보내 주세요.",
}


# 블루프린트에 두었지만 앱 전체의 HTTP 오류를 한국어 페이지로 보여 줍니다.
@bp.app_errorhandler(HTTPException)
def handle_http_error(error):
    if isinstance(error, CSRFError):
        message = "보안 토큰(CSRF)이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요."
    else:
        message = MESSAGES.get(error.code, "요청을 처리할 수 없습니다.")
    # get_headers(): 405 응답의 Allow처럼 Werkzeug가 붙인 헤더를 그대로 보냅니다.
    return render_template("error.html", code=error.code, message=message), error.code, error.get_headers()
