import threading

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from googlekaap.forms.auth_form import LoginForm, RegisterForm
from googlekaap.models.user import User

bp = Blueprint("auth", __name__, url_prefix="/auth")

# 개발 서버는 요청마다 스레드를 씁니다. 잠금 없이는 같은 아이디로 동시에 가입한 두 요청이
# 둘 다 "없는 아이디"를 보고 둘 다 저장할 수 있습니다.
users_lock = threading.Lock()

# 없는 아이디로 로그인할 때도 해시 검사를 한 번 하려고 만들어 두는 해시입니다. 검사를 건너뛰면
# 응답이 눈에 띄게 빨라져서, 시간만 재도 그 아이디가 가입되어 있는지 알 수 있습니다.
DUMMY_PASSWORD_HASH = generate_password_hash("googlekaap-dummy-password")


def start_user_session(user):
    # 로그인 전의 세션 내용은 버립니다: 누가 미리 넣어 둔 값이 로그인한 세션에 남지 않게.
    session.clear()
    session["user_id"] = user.user_id


@bp.route("/")
def index():
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    # request.form: 브라우저가 보낸 폼 값(모두 문자열)만 읽습니다. JSON 본문은 읽지 않습니다.
    form = RegisterForm(request.form)
    if form.validate_on_submit():
        user = User(
            user_id=form.user_id.data,
            user_name=form.user_name.data,
            # 기본 방식(scrypt)으로, 사용자마다 다른 솔트를 붙여 해시합니다.
            password_hash=generate_password_hash(form.password.data),
        )
        users = current_app.extensions["users"]
        with users_lock:
            if user.user_id in users:
                flash("이미 사용 중인 아이디입니다.")
                return redirect(request.path)
            users[user.user_id] = user
        start_user_session(user)
        flash(f"{user.user_name}님, 가입을 환영합니다.")
        return redirect(url_for("base.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(request.form)
    error = None
    if form.validate_on_submit():
        user = current_app.extensions["users"].get(form.user_id.data)
        password_hash = user.password_hash if user is not None else DUMMY_PASSWORD_HASH
        # 입력한 비밀번호를 저장된 해시의 방식과 솔트로 다시 해시해 비교합니다. 언제나 한 번.
        if check_password_hash(password_hash, form.password.data) and user is not None:
            start_user_session(user)
            return redirect(url_for("base.index"))
        # 없는 아이디와 틀린 비밀번호에 같은 메시지: 어떤 아이디가 있는지 알려 주지 않습니다.
        error = "아이디 또는 비밀번호가 올바르지 않습니다."
    return render_template("auth/login.html", form=form, error=error)


# 로그아웃은 상태를 바꾸므로 POST로만 받습니다. 그래서 CSRF 토큰 검사도 받습니다.
@bp.route("/logout", methods=["POST"])
def logout():
    session.pop("user_id", None)
    return redirect(url_for("auth.login"))
