from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from googlekaap.forms.auth_form import LoginForm, RegisterForm
from googlekaap.models.user import User

# --8<-- [start:blueprint]
bp = Blueprint("auth", __name__, url_prefix="/auth")
# --8<-- [end:blueprint]

# --8<-- [start:login-failed]
# 실패 원인(없는 아이디 / 틀린 비밀번호)을 구분하지 않는 하나의 메시지.
# 구분해서 알려 주면 어떤 아이디가 가입되어 있는지 캐낼 수 있습니다.
LOGIN_FAILED = "아이디 또는 비밀번호가 올바르지 않습니다."
# --8<-- [end:login-failed]


# --8<-- [start:login-user]
def login_user(user):
    # 로그인 전 세션에 있던 내용은 모두 버립니다: 누가 미리 심어 둔 값이 로그인한 세션에 남지 않게.
    session.clear()
    session["user_id"] = user.user_id
    # --8<-- [end:login-user]


# --8<-- [start:auth-index]
@bp.route("/")
def index():
    return redirect(url_for("auth.login"))
    # --8<-- [end:auth-index]


# --8<-- [start:login]
@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = current_app.extensions["users"].get(form.user_id.data)
        # ⚠️ 평문 비교: 저장된 비밀번호가 평문이라서 가능한, 이 단계의 의도된 약점입니다.
        if user is not None and user.password == form.password.data:
            login_user(user)
            return redirect(url_for("base.index"))
        error = LOGIN_FAILED
    # 실패해도 세션은 건드리지 않습니다. 오류는 flash가 아니라 템플릿으로 넘깁니다.
    return render_template("auth/login.html", form=form, error=error)
    # --8<-- [end:login]


# --8<-- [start:register]
@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        user = User(
            user_id=form.user_id.data,
            user_name=form.user_name.data,
            password=form.password.data,
        )
        if not current_app.extensions["users"].add(user):
            flash("이미 사용 중인 아이디입니다.")
            return redirect(request.path)
        login_user(user)
        flash(f"{user.user_name}님, 가입을 환영합니다.")
        return redirect(url_for("base.index"))
    for errors in form.errors.values():
        for message in errors:
            flash(message)
    return render_template("auth/register.html", form=form)
    # --8<-- [end:register]


# --8<-- [start:logout]
# 로그아웃은 상태를 바꾸므로 POST이고, 그래서 CSRF 토큰 검사를 받습니다. GET이면 같은 사이트 안의
# 링크나 이미지, 다른 사이트에서 누른 링크(최상위 GET에는 Lax 쿠키도 실립니다)만으로 로그아웃됩니다.
@bp.route("/logout", methods=["POST"])
def logout():
    session.pop("user_id", None)
    return redirect(url_for("auth.login"))
    # --8<-- [end:logout]
