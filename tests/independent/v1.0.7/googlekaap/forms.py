from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Regexp


class LoginForm(FlaskForm):
    user_id = StringField("아이디", validators=[InputRequired("아이디를 입력해 주세요.")])
    password = PasswordField("비밀번호", validators=[InputRequired("비밀번호를 입력해 주세요.")])


class RegisterForm(FlaskForm):
    user_id = StringField(
        "아이디",
        validators=[
            InputRequired("아이디를 입력해 주세요."),
            Length(1, 20, "아이디는 1~20자여야 합니다."),
            Regexp(r"[A-Za-z0-9_.-]+\Z", message="아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ],
    )
    user_name = StringField(
        "이름",
        validators=[
            DataRequired("이름을 입력해 주세요."),
            Length(1, 20, "이름은 1~20자여야 합니다."),
        ],
    )
    password = PasswordField(
        "비밀번호",
        validators=[
            InputRequired("비밀번호를 입력해 주세요."),
            Length(8, 128, "비밀번호는 8~128자여야 합니다."),
        ],
    )
    repassword = PasswordField(
        "비밀번호 확인",
        validators=[
            EqualTo("password", "두 비밀번호가 서로 다릅니다."),
        ],
    )
