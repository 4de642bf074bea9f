from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp


class LoginForm(FlaskForm):
    # 로그인은 둘 다 입력했는지만 봅니다: 가입 규칙이 바뀌어도 예전에 가입한 사람은 로그인할 수 있게.
    user_id = StringField("아이디", validators=[DataRequired("아이디를 입력하세요.")])
    password = PasswordField("비밀번호", validators=[DataRequired("비밀번호를 입력하세요.")])


class RegisterForm(FlaskForm):
    user_id = StringField(
        "아이디",
        validators=[
            DataRequired("아이디를 입력하세요."),
            Length(max=20, message="아이디는 20자 이하여야 합니다."),
            # \Z는 문자열의 끝입니다. $는 끝에 붙은 줄바꿈("abc\n")도 통과시킵니다.
            Regexp(r"[A-Za-z0-9_.-]+\Z", message="아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다."),
        ],
    )
    user_name = StringField(
        "이름",
        validators=[
            DataRequired("이름을 입력하세요."),
            Length(max=20, message="이름은 20자 이하여야 합니다."),
        ],
    )
    password = PasswordField(
        "비밀번호",
        validators=[
            DataRequired("비밀번호를 입력하세요."),
            Length(min=8, max=128, message="비밀번호는 8자 이상 128자 이하여야 합니다."),
        ],
    )
    repassword = PasswordField(
        "비밀번호 확인",
        validators=[EqualTo("password", message="비밀번호가 서로 다릅니다.")],
    )
