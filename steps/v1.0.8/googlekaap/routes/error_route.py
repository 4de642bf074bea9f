from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

# --8<-- [start:errors]
bp = Blueprint("error", __name__)

MESSAGES = {
    400: "잘못된 요청입니다.",
    404: "페이지를 찾을 수 없습니다.",
    405: "이 주소는 그 방식(메서드)으로 요청할 수 없습니다.",
    413: "요청이 너무 큽니다. 16 KiB 이하로 보내 주세요.",
}


@bp.app_errorhandler(HTTPException)
def handle_http_error(error):
    if isinstance(error, CSRFError):
        message = "보안 토큰(CSRF)이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요."
    else:
        message = MESSAGES.get(error.code, "요청을 처리할 수 없습니다.")
    # get_response()를 쓰면 405의 Allow 같은 헤더가 그대로 남습니다.
    response = error.get_response()
    response.set_data(render_template("error.html", code=error.code, message=message))
    response.content_type = "text/html; charset=utf-8"
    return response
    # --8<-- [end:errors]
