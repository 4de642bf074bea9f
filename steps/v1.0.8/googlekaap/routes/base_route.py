# --8<-- [start:base]
from flask import Blueprint, render_template

bp = Blueprint("base", __name__)


@bp.route("/")
def index():
    # 로그인 여부는 템플릿에서 session.get('user_id')로 확인합니다.
    return render_template("index.html")
    # --8<-- [end:base]
