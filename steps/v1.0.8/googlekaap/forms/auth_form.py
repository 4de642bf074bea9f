from flask import request
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp


# --8<-- [start:html-form]
class HtmlForm(FlaskForm):
    """브라우저가 보낸 HTML 폼 값(request.form, 모두 문자열)만 읽는 폼."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            # Flask-WTF는 기본으로 JSON 본문과 업로드 파일도 폼 값으로 읽습니다.
            # 그러면 숫자·리스트·파일이 문자열 검증기에 들어가 500 오류가 납니다.
            return request.form or None
            # --8<-- [end:html-form]


# --8<-- [start:login-form]
class LoginForm(HtmlForm):
    # 로그인은 "둘 다 입력했는가"만 봅니다. 가입 규칙은 바뀔 수 있고, 예전 규칙으로 가입한
    # 사용자도 계속 로그인할 수 있어야 하기 때문입니다.
    user_id = StringField("아이디", validators=[DataRequired("아이디를 입력하세요.")])
    password = PasswordField("비밀번호", validators=[DataRequired("비밀번호를 입력하세요.")])
    # --8<-- [end:login-form]


# --8<-- [start:register-form]
class RegisterForm(HtmlForm):
    user_id = StringField(
        "아이디",
        validators=[
            DataRequired("아이디를 입력하세요."),
            Length(max=20, message="아이디는 20자 이하여야 합니다."),
            # \Z: 문자열 끝. $는 끝의 줄바꿈("abc\n")도 통과시키므로 쓰지 않습니다.
            Regexp(
                r"[A-Za-z0-9_.-]+\Z",
                message="아이디에는 영문자, 숫자, _ - . 만 쓸 수 있습니다.",
            ),
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
    # --8<-- [end:register-form]
