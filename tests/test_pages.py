"""What a browser gets: forms that POST and can be submitted, and (reference) our pages' exact markup.

The reference tests pin the markup the lessons quote, whole lines at a time, so that a dropped attribute,
label, button or message shows up as a failure (`nox -s mutants` checks that they do).
"""

import re
from html.parser import HTMLParser

import pytest
from conftest import PASSWORD, csrf_token_from


class Forms(HTMLParser):
    """Each <form> of a page: its attributes, its inputs' names and types, and its submit buttons."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "inputs": {}, "submits": 0})
        elif self.forms and tag == "input":
            self.forms[-1]["inputs"][attrs.get("name")] = attrs.get("type", "text")
            self.forms[-1]["submits"] += attrs.get("type") == "submit"
        elif self.forms and tag == "button":
            self.forms[-1]["submits"] += attrs.get("type", "submit") == "submit"


def form_posting_to(html, path, page):
    """The form on `page` that submits to `path` (a form without action submits to its own page)."""
    forms = [form for form in Forms(html).forms if form["attrs"].get("action", page) == path]
    assert len(forms) == 1, f"{page}에 {path}로 제출하는 폼이 {len(forms)}개입니다: 하나여야 합니다"
    return forms[0]


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize(
    ("page", "fields"),
    [("/auth/login", ["user_id", "password"]), ("/auth/register", ["user_id", "user_name", "password"])],
)
def test_forms_post_their_fields_and_can_be_submitted(client, page, fields):
    """폼은 method="post"와 제출 버튼이 있어야 합니다: GET이면 비밀번호가 주소창과 서버 로그에 남습니다."""
    form = form_posting_to(client.get(page).text, page, page)
    assert form["attrs"].get("method", "get").lower() == "post", f'{page}의 폼에 method="post"가 없습니다'
    assert form["submits"] >= 1, f"{page}의 폼에 제출 버튼이 없습니다"
    types = [form["inputs"].get(name) for name in fields]
    assert types == ["password" if "password" in name else "text" for name in fields], (
        f"{page} 폼의 {fields} 칸의 type이 {types}입니다: 비밀번호 칸만 type=password, 나머지는 text"
    )


@pytest.mark.lesson("v1.0.7", "forms")
def test_a_login_sent_as_get_logs_nobody_in(client, alice):
    """로그인은 POST로만 받습니다: 주소(?user_id=...&password=...)로 보낸 GET은 로그인시키지 않습니다."""
    response = client.get("/auth/login", query_string={"user_id": "alice", "password": PASSWORD})
    assert response.status_code == 200, f"주소에 값을 붙인 GET /auth/login이 {response.status_code}입니다"
    with client.session_transaction() as session:
        assert "user_id" not in session, (
            "주소에 값을 붙인 GET으로 로그인되었습니다: POST만 로그인시켜야 합니다"
        )


@pytest.mark.lesson("v1.0.7", "logout")
def test_the_logout_button_posts_with_a_csrf_token(csrf_app, auth):
    """로그인한 페이지의 로그아웃 버튼은 csrf_token을 담아 /auth/logout으로 POST하는 폼이어야 합니다."""
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = "alice"
    html = client.get("/").text
    form = form_posting_to(html, "/auth/logout", "/")
    assert form["attrs"].get("method", "get").lower() == "post", '로그아웃 폼에 method="post"가 없습니다'
    assert form["submits"] >= 1, "로그아웃 폼에 제출 버튼이 없습니다"
    assert form["inputs"].get("csrf_token") == "hidden", "로그아웃 폼에 csrf_token 숨은 필드가 없습니다"
    response = client.post("/auth/logout", data={"csrf_token": csrf_token_from(html)})
    answer = (response.status_code, response.location)
    assert answer == (302, "/auth/login"), f"로그아웃 폼을 제출한 응답이 {answer}입니다"


HEAD = [
    '<html lang="ko">',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<a href="/">googlekaap</a>',
]
LOGGED_OUT_NAV = ['<a href="/auth/login">로그인</a>', '<a href="/auth/register">회원가입</a>']
FIELD = '<p><label for="{0}">{1}</label> <input id="{0}" '


def lines_of(html):
    return {line.strip() for line in html.splitlines()}


def assert_has(html, *fragments):
    missing = [fragment for fragment in fragments if fragment not in html]
    assert not missing, f"missing from the page: {missing}"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "index")
@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", "/no-such-page"])
def test_every_page_is_korean_utf8_with_the_header(client, path):
    """모든 페이지는 base.html에서 lang="ko", charset, viewport, 홈 링크와 내비게이션을 물려받습니다."""
    html = client.get(path).text
    assert html.startswith("<!doctype html>\n")
    assert_has(html, *HEAD, *LOGGED_OUT_NAV, "<title>", "</title>", "<header>", "<nav>", "<main>")


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
def test_the_login_page_markup(client):
    """로그인 페이지: 제목, 라벨 '아이디'·'비밀번호', '로그인' 버튼, 회원가입 링크가 그대로 있어야 합니다."""
    html = client.get("/auth/login").text
    assert_has(
        html,
        "<title>googlekaap</title>",
        "<h1>로그인</h1>",
        '<form method="post">',
        FIELD.format("user_id", "아이디") + 'name="user_id" required type="text" value=""></p>',
        FIELD.format("password", "비밀번호") + 'name="password" required type="password" value=""></p>',
        '<button type="submit">로그인</button>',
        '<p><a href="/auth/register">아직 회원이 아니신가요? 회원가입</a></p>',
    )
    assert 'role="alert"' not in html


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
def test_a_failed_login_shows_the_message_as_an_alert(client, alice):
    """로그인 실패 메시지는 role="alert"인 <p>로, 문장 전체가 한 번 나와야 합니다."""
    html = client.post("/auth/login", data={"user_id": "alice", "password": "wrong-password"}).text
    assert_has(html, '<p role="alert">아이디 또는 비밀번호가 올바르지 않습니다.</p>')
    assert html.count('role="alert"') == 1


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "login")
def test_missing_login_fields_are_alerts_under_their_field(client):
    """로그인 폼의 빈 칸 오류는 그 칸 바로 아래 role="alert"로 나와야 합니다."""
    html = client.post("/auth/login", data={}).text
    assert re.search(r'name="user_id"[^\n]*\n\s*<p role="alert">아이디를 입력하세요.</p>', html)
    assert re.search(r'name="password"[^\n]*\n\s*<p role="alert">비밀번호를 입력하세요.</p>', html)


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "register")
def test_the_register_page_markup(client):
    """회원가입 페이지: 라벨 네 개(아이디, 이름, 비밀번호, 비밀번호 확인)와 '가입하기' 버튼이 필요합니다."""
    html = client.get("/auth/register").text
    assert_has(
        html,
        "<title>googlekaap</title>",
        "<h1>회원가입</h1>",
        '<form method="post">',
        FIELD.format("user_id", "아이디")
        + 'maxlength="20" name="user_id" required type="text" value=""></p>',
        FIELD.format("user_name", "이름")
        + 'maxlength="20" name="user_name" required type="text" value=""></p>',
        FIELD.format("password", "비밀번호")
        + 'maxlength="128" minlength="8" name="password" required type="password" value=""></p>',
        FIELD.format("repassword", "비밀번호 확인") + 'name="repassword" type="password" value=""></p>',
        '<button type="submit">가입하기</button>',
    )


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "register")
def test_flashed_messages_are_alerts(client, auth, alice):
    """flash 메시지는 <p role="alert">로, 문장 전체가 나와야 합니다."""
    auth.register("alice")
    html = client.get("/auth/register").text
    assert '<p role="alert">이미 사용 중인 아이디입니다.</p>' in lines_of(html)


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "index")
def test_the_index_markup_logged_in_and_out(client):
    """index.html: 로그인하면 '로그인한 아이디: <strong>', 아니면 로그인하러 가기 링크."""
    logged_out = lines_of(client.get("/").text)
    assert '<p>로그인하지 않았습니다. <a href="/auth/login">로그인하러 가기</a></p>' in logged_out
    with client.session_transaction() as session:
        session["user_id"] = "alice"
    html = client.get("/").text
    assert "<p>로그인한 아이디: <strong>alice</strong></p>" in lines_of(html)
    assert_has(html, '<form method="post" action="/auth/logout">', '<button type="submit">로그아웃</button>')
    assert '<input type="hidden" name="csrf_token" value="' in html
    assert "회원가입</a>" not in html, "a logged-in page offers logout, not register"


ERRORS = {
    "/no-such-page": (404, "페이지를 찾을 수 없습니다."),
    "/auth/logout": (405, "이 주소는 이 요청 방식(메서드)을 받지 않습니다."),
}


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
@pytest.mark.parametrize("path", ERRORS)
def test_error_pages_show_code_title_message_and_navigation(client, path):
    """오류 페이지는 <h1>에 상태 코드, role="alert"인 전체 메시지, 내비게이션을 보여야 합니다."""
    code, message = ERRORS[path]
    response = client.get(path)
    assert response.status_code == code
    assert response.content_type == "text/html; charset=utf-8"
    assert_has(
        response.text,
        "<title>googlekaap</title>",
        f"<h1>{code} 오류</h1>",
        f'<p role="alert">{message}</p>',
        *HEAD,
        *LOGGED_OUT_NAV,
    )


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_csrf_and_size_errors_show_their_whole_message(csrf_app):
    """CSRF 토큰 없는 POST(400)와 16 KiB를 넘는 본문(413)도 전체 한국어 메시지를 보여야 합니다."""
    client = csrf_app.test_client()
    csrf = client.post("/auth/login", data={"user_id": "a", "password": "b"})
    too_large = client.post("/auth/login", data={"filler": "x" * 20000})
    assert (csrf.status_code, too_large.status_code) == (400, 413)
    message = "보안 토큰(CSRF)이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요."
    assert_has(csrf.text, "<h1>400 오류</h1>", f'<p role="alert">{message}</p>')
    assert_has(
        too_large.text,
        "<h1>413 오류</h1>",
        '<p role="alert">요청이 너무 큽니다. 16 KiB 이하로 보내 주세요.</p>',
    )


HTTP_ERRORS = {
    400: "잘못된 요청입니다.",
    404: "페이지를 찾을 수 없습니다.",
    405: "이 주소는 이 요청 방식(메서드)을 받지 않습니다.",
    413: "요청이 너무 큽니다. 16 KiB 이하로 보내 주세요.",
    418: "요청을 처리할 수 없습니다.",
}


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
@pytest.mark.parametrize(("code", "message"), HTTP_ERRORS.items(), ids=str)
def test_every_http_error_gets_its_korean_message(app, code, message):
    """오류 처리기는 상태 코드마다 정해진 한국어 메시지를, 모르는 코드에는 일반 메시지를 보여야 합니다."""
    from flask import abort

    app.add_url_rule("/fail", "fail", lambda: abort(code))
    response = app.test_client().get("/fail")
    assert response.status_code == code
    assert_has(response.text, f"<h1>{code} 오류</h1>", f'<p role="alert">{message}</p>')


HEAD_TAGS = "html head meta meta title /title /head body"
LAYOUT = HEAD_TAGS + " header a /a nav {nav} /nav /header main {main} /main /body /html"
NAV = {False: "a /a a /a", True: "form input button /button /form"}
FIELDS = "p label /label input /p"
STRUCTURE = {
    "/": (False, "h1 /h1 p a /a /p"),
    "/auth/login": (False, f"h1 /h1 form {FIELDS} {FIELDS} button /button /form p a /a /p"),
    "/auth/register": (False, f"h1 /h1 form {' '.join([FIELDS] * 4)} button /button /form"),
    "/no-such-page": (False, "h1 /h1 p /p"),
    "/ logged in": (True, "h1 /h1 p strong /strong /p"),
}


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "index")
@pytest.mark.parametrize("page", STRUCTURE)
def test_each_page_has_the_layout_the_lesson_shows(client, page):
    """페이지의 태그 구조(머리, 헤더와 내비게이션, 본문)가 강의의 base.html과 각 템플릿 그대로여야 합니다."""
    logged_in, main = STRUCTURE[page]
    if logged_in:
        with client.session_transaction() as session:
            session["user_id"] = "alice"
    html = client.get(page.split()[0]).text
    assert " ".join(re.findall(r"<(/?[a-z0-9]+)", html)) == LAYOUT.format(nav=NAV[logged_in], main=main)
