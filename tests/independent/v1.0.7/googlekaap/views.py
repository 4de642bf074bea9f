import hmac

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for

from .forms import LoginForm, RegisterForm
from .models.user import User

main = Blueprint("main", __name__)
account = Blueprint("account", __name__, url_prefix="/auth")

LOGIN_FAILED = "아이디나 비밀번호가 맞지 않습니다."


def _bound(form_cls):
    # request.form만 넘긴다: JSON 본문이나 업로드 파일이 문자열 검사기에 닿지 않게
    return form_cls(formdata=request.form if request.method == "POST" else None)


def _password_ok(user, password):
    if user is None:
        return False
    return hmac.compare_digest(
        user.password.encode("utf-8", "surrogatepass"), password.encode("utf-8", "surrogatepass")
    )


def _new_user(form):
    return User(form.user_id.data, form.user_name.data, form.password.data)


def _insert_if_absent(user):
    users = current_app.extensions["users"]
    with current_app.extensions["users_lock"]:  # 확인하고 넣기를 한 번에
        if user.user_id in users:
            return False
        users[user.user_id] = user
        return True


def _log_in(user_id):
    session.clear()
    session["user_id"] = user_id


@main.get("/")
def index():
    return render_template("index.html", user_id=session.get("user_id"))


@account.get("/")
def auth_root():
    return redirect(url_for("account.login"))


@account.route("/login", methods=["GET", "POST"])
def login():
    form = _bound(LoginForm)
    error = None
    if request.method == "POST" and form.validate():
        user = current_app.extensions["users"].get(form.user_id.data)
        if _password_ok(user, form.password.data):
            _log_in(form.user_id.data)
            return redirect(url_for("main.index"))
        error = LOGIN_FAILED  # flash는 세션을 건드리므로 쓰지 않는다
    return render_template("login.html", form=form, error=error)


@account.route("/register", methods=["GET", "POST"])
def register():
    form = _bound(RegisterForm)
    if request.method == "POST" and form.validate():
        user = _new_user(form)
        if not _insert_if_absent(user):
            flash("이미 누군가 쓰고 있는 아이디입니다.")
            return redirect(url_for("account.register"))
        _log_in(user.user_id)
        return redirect(url_for("main.index"))
    return render_template("register.html", form=form)


@account.post("/logout")
def logout():
    session.pop("user_id", None)
    return redirect(url_for("account.login"))
