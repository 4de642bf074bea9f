"""Security proofs through HTTP: body limit, CSRF, tampered cookies, session fixation, enumeration, XSS."""

import time
from collections import Counter

import pytest
from conftest import (
    PASSWORD,
    assert_logged_in_as,
    csrf_token_from,
    links_to,
    make_app,
    make_user,
    session_of,
    without_csrf_tokens,
)
from itsdangerous.encoding import base64_decode, base64_encode
from markupsafe import escape

LIMIT = 16 * 1024
CSRF_MESSAGE = "보안 토큰(CSRF)이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요."
TOO_LARGE_MESSAGE = "요청이 너무 큽니다. 16 KiB 이하로 보내 주세요."
COOKIES = Counter()

# path -> (the page whose form posts there, a body that succeeds with a right token, its success redirect)
POSTS = {
    "/auth/login": ("/auth/login", {"user_id": "alice", "password": PASSWORD}, "/"),
    "/auth/register": (
        "/auth/register",
        {"user_id": "bob", "user_name": "밥", "password": PASSWORD, "repassword": PASSWORD},
        "/",
    ),
    "/auth/logout": ("/", {}, "/auth/login"),
}


@pytest.fixture
def csrf_client(csrf_app):
    """A CSRF-on client with alice stored; logged in when the test posts to logout (its form needs it)."""
    csrf_app.extensions["users"]["alice"] = make_user("alice", "앨리스")
    return csrf_app.test_client()


def token_for(client, path):
    if path == "/auth/logout":
        with client.session_transaction() as session:
            session["user_id"] = "alice"
    return csrf_token_from(client.get(POSTS[path][0]).text)


def post_of_size(client, path, size, token):
    head = f"csrf_token={token}&filler="
    body = head + "x" * (size - len(head))
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.lesson("threat-model", "body-limit")
@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("size", [LIMIT - 1, LIMIT, LIMIT + 1, 64 * LIMIT])
def test_bodies_over_16_kib_get_413_and_the_app_keeps_serving(csrf_client, path, size):
    """16 KiB(16384바이트)보다 큰 본문은 413이어야 합니다: MAX_CONTENT_LENGTH = 16 * 1024."""
    token = token_for(csrf_client, path)
    before = session_of(csrf_client)
    response = post_of_size(csrf_client, path, size, token)
    if size > LIMIT:
        assert response.status_code == 413, (
            f"{size}바이트 본문의 {path}가 {response.status_code}입니다: 413이어야 합니다"
        )
        assert session_of(csrf_client) == before, f"413인 {path}가 세션을 바꿨습니다"
    else:
        # The token is read and accepted; the view answers as it would to a form with no fields.
        expected = 302 if path == "/auth/logout" else 200
        assert response.status_code == expected, (
            f"16 KiB 이하({size}바이트) 본문의 {path}가 {response.status_code}입니다: {expected}여야 합니다"
        )
    assert csrf_client.get("/auth/login").status_code == 200, "큰 요청 뒤에 GET /auth/login이 200이 아닙니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_413_explains_the_limit_in_korean(csrf_client):
    """413 오류 페이지는 "요청이 너무 큽니다. 16 KiB 이하로 보내 주세요."를 보여 줘야 합니다."""
    response = post_of_size(csrf_client, "/auth/login", LIMIT + 1, token_for(csrf_client, "/auth/login"))
    assert f'<p role="alert">{TOO_LARGE_MESSAGE}</p>' in response.text


def other_session_token(app):
    return csrf_token_from(app.test_client().get("/auth/login").text)


WRONG_TOKENS = {
    "none": lambda app: None,
    "garbage": lambda app: "garbage",
    "another session's": other_session_token,
    "another key's": lambda app: other_session_token(make_app(SECRET_KEY="other")),
}


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("wrong_token", WRONG_TOKENS.values(), ids=WRONG_TOKENS)
def test_posts_without_the_right_csrf_token_are_refused_and_change_nothing(
    csrf_app, csrf_client, path, wrong_token
):
    """csrf_token이 없거나 틀린 POST는 400이고 아무것도 바꾸지 않아야 합니다: CSRFProtect를 켜세요."""
    token_for(csrf_client, path)
    token = wrong_token(csrf_app)
    body = POSTS[path][1] | ({} if token is None else {"csrf_token": token})
    users, session = dict(csrf_app.extensions["users"]), session_of(csrf_client)
    response = csrf_client.post(path, data=body)
    assert response.status_code == 400, (
        f"토큰이 틀린 POST {path}가 {response.status_code}입니다: 400이어야 합니다"
    )
    assert dict(csrf_app.extensions["users"]) == users, f"토큰이 틀린 POST {path}가 사용자를 저장했습니다"
    assert session_of(csrf_client) == session, f"토큰이 틀린 POST {path}가 세션을 바꿨습니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_a_missing_csrf_token_is_explained_in_korean(csrf_client):
    """CSRF 오류 페이지는 토큰이 없거나 만료되었다고 한국어로 알려 줘야 합니다 (CSRFError 처리)."""
    response = csrf_client.post("/auth/login", data=POSTS["/auth/login"][1])
    assert f'<p role="alert">{CSRF_MESSAGE}</p>' in response.text


@pytest.mark.lesson("v1.0.7", "forms")
@pytest.mark.parametrize("path", POSTS)
def test_posts_with_the_token_from_the_form_work(csrf_app, csrf_client, path):
    """폼에 든 csrf_token을 함께 보내면 로그인·가입·로그아웃이 동작해야 합니다: 템플릿에 form.hidden_tag()."""
    _, body, location = POSTS[path]
    response = csrf_client.post(path, data=body | {"csrf_token": token_for(csrf_client, path)})
    answer = (response.status_code, response.location)
    assert answer == (302, location), (
        f"폼의 토큰을 담은 POST {path}의 응답이 {answer}입니다: (302, {location!r})"
    )
    expected = {"/auth/login": "alice", "/auth/register": "bob", "/auth/logout": None}[path]
    user_id = session_of(csrf_client).get("user_id")
    assert user_id == expected, (
        f"POST {path} 뒤 session['user_id']가 {user_id!r}입니다: {expected!r}여야 합니다"
    )
    stored = sorted(csrf_app.extensions["users"])
    assert stored == (["alice", "bob"] if "user_name" in body else ["alice"]), (
        f"POST {path} 뒤 저장소가 {stored}입니다"
    )


def signed(app, data):
    """A session cookie made by Flask's own serializer for `app`."""
    return app.session_interface.get_signing_serializer(app).dumps(data)


def with_segment(cookie, index, raw):
    parts = cookie.split(".")
    parts[index] = base64_encode(raw).decode()
    return ".".join(parts)


def expired(app):
    """alice's cookie, signed 32 days ago: past Flask's 31-day PERMANENT_SESSION_LIFETIME."""
    serializer = app.session_interface.get_signing_serializer(app)
    signer = serializer.make_signer()
    signer.get_timestamp = lambda: int(time.time()) - 32 * 24 * 3600
    return signer.sign(serializer.dump_payload({"user_id": "alice"})).decode()


def alice_cookie(app):
    return signed(app, {"user_id": "alice"})


BAD_COOKIES = {
    "payload swapped": lambda app: with_segment(alice_cookie(app), 0, b'{"user_id":"admin"}'),
    "signature zeroed": lambda app: with_segment(alice_cookie(app), 2, bytes(20)),
    "signature dropped": lambda app: alice_cookie(app).rsplit(".", 1)[0],
    "timestamp changed": lambda app: with_segment(alice_cookie(app), 1, b"\x00\x00\x00\x01"),
    "another key": lambda app: alice_cookie(make_app(SECRET_KEY="other")),
    "expired": expired,
    "unsigned JSON": lambda app: '{"user_id":"alice"}',
    "payload only": lambda app: alice_cookie(app).split(".")[0],
    "garbage": lambda app: "garbage",
    "dots": lambda app: "...",
    "empty": lambda app: "",
    "huge": lambda app: "A" * 64 * 1024,
    "huge with a valid prefix": lambda app: alice_cookie(app) + "A" * 64 * 1024,
}


def assert_logged_out_with(app, cookie):
    client = app.test_client()
    client.set_cookie("googlekaap", cookie)
    COOKIES["tried"] += 1
    page = client.get("/")
    assert page.status_code == 200, f"이상한 쿠키로 연 첫 화면이 {page.status_code}입니다: 200이어야 합니다"
    assert "alice" not in page.text, "위조하거나 망가뜨린 쿠키로 로그인되었습니다"
    assert links_to(page.text, "/auth/login"), "이상한 쿠키로 연 첫 화면에 /auth/login 링크가 없습니다"
    COOKIES["rejected"] += 1


@pytest.mark.lesson("threat-model", "tampered-cookie")
def test_a_cookie_signed_by_the_app_logs_in(app):
    """앱의 키로 서명한 쿠키면 로그인 상태여야 합니다: 첫 화면은 session.get('user_id')를 봅니다."""
    # The control for the cases below: the same check does see a logged-in cookie.
    client = app.test_client()
    client.set_cookie("googlekaap", alice_cookie(app))
    assert_logged_in_as(client, "alice")


@pytest.mark.lesson("threat-model", "tampered-cookie")
@pytest.mark.filterwarnings("ignore:The 'googlekaap' cookie is too large")
@pytest.mark.parametrize("make_cookie", BAD_COOKIES.values(), ids=BAD_COOKIES)
def test_tampered_cookies_are_logged_out(app, make_cookie):
    """바뀌었거나 다른 키로 서명했거나 만료된 쿠키는 500 없이 로그아웃 상태여야 합니다."""
    assert_logged_out_with(app, make_cookie(app))


# Fuzzing: 600 requests, most of a check's time; the cases above are the fast proof of the same section.
@pytest.mark.stress
@pytest.mark.lesson("threat-model", "tampered-cookie")
def test_every_generated_cookie_is_logged_out(app):
    """무작위로 만든 쿠키 수백 개가 모두 로그아웃 상태로 처리되어야 합니다 (500 없이)."""
    # Imported here: Hypothesis takes half a second to import, and only this (stress) test uses it.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    cookie = alice_cookie(app)
    segments = [base64_decode(part) for part in cookie.split(".")]

    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(st.integers(0, 2), st.integers(0, 63), st.integers(1, 255))
    def flipped_bits(segment, index, mask):
        raw = bytearray(segments[segment])
        raw[index % len(raw)] ^= mask
        assert_logged_out_with(app, with_segment(cookie, segment, bytes(raw)))

    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(st.text(max_size=200) | st.text(max_size=20).map(lambda suffix: cookie[:-3] + suffix))
    def random_text(text):
        if text != cookie:
            assert_logged_out_with(app, text)

    COOKIES.clear()
    flipped_bits()
    random_text()
    print("cookies:", dict(COOKIES))
    assert COOKIES["tried"] == COOKIES["rejected"] >= 500


PLANTED = {"user_id": "mallory", "csrf_token": "planted", "cart": [1, 2, 3]}


@pytest.mark.lesson("threat-model", "fixation")
@pytest.mark.parametrize(("action", "user_id"), [("login", "alice"), ("register", "bob")])
def test_logging_in_discards_everything_in_the_session_before(client, auth, alice, action, user_id):
    """로그인과 가입은 session['user_id']를 넣기 전에 session.clear()로 세션을 비워야 합니다."""
    with client.session_transaction() as session:
        session.update(PLANTED)
    response = getattr(auth, action)(user_id=user_id)
    assert response.status_code == 302, f"{action}의 응답이 {response.status_code}입니다: 302여야 합니다"
    after = session_of(client)
    after.pop("_flashes", None)
    assert after == {"user_id": user_id}, (
        f"{action} 뒤의 세션이 {after}입니다: 로그인 전에 심어 둔 값이 남았습니다 (session.clear())"
    )


def failed_login(app, *users):
    for user in users:
        app.extensions["users"][user.user_id] = user
    client = app.test_client()
    token = csrf_token_from(client.get("/auth/login").text)
    response = client.post(
        "/auth/login", data={"user_id": "alice", "password": "wrong-password", "csrf_token": token}
    )
    return response.status_code, sorted(response.headers.items()), without_csrf_tokens(response.text)


@pytest.mark.lesson("threat-model", "enumeration")
def test_unknown_user_and_wrong_password_get_the_same_bytes(csrf_app):
    """없는 아이디와 틀린 비밀번호의 실패 응답은 (CSRF 토큰 말고) 바이트까지 같아야 합니다."""
    known = failed_login(csrf_app, make_user("alice"))
    unknown = failed_login(make_app())
    assert known[0] == 200, f"틀린 비밀번호의 로그인이 {known[0]}입니다: 200이어야 합니다"
    assert known == unknown, (
        "없는 아이디와 틀린 비밀번호의 실패 응답이 다릅니다: 메시지 하나로 같게 보여 주세요"
    )


MARKUP = '"><script>x()</script>'
# (action, fields, the payload that comes back): user_name allows 20 characters, exactly this tag.
ECHOED_INPUT = [
    ("register", {"user_name": "<script>x()</script>"}, "<script>x()</script>"),
    ("register", {"user_id": MARKUP}, MARKUP),
    ("login", {"user_id": MARKUP}, MARKUP),
]


def page_after(client, response):
    return client.get(response.location).text if response.status_code == 302 else response.text


@pytest.mark.lesson("threat-model", "xss")
@pytest.mark.parametrize(("action", "fields", "payload"), ECHOED_INPUT)
def test_markup_in_input_never_comes_back_as_markup(client, auth, action, fields, payload):
    """입력에 든 HTML은 어디에도 태그로 나오면 안 됩니다: {{ }}의 자동 이스케이프를 끄지 마세요."""
    response = getattr(auth, action)(**fields)
    assert payload not in page_after(client, response), f"입력한 {payload!r}가 태그 그대로 화면에 나왔습니다"


@pytest.mark.reference
@pytest.mark.lesson("threat-model", "xss")
@pytest.mark.parametrize(("action", "fields", "payload"), ECHOED_INPUT)
def test_markup_in_input_is_shown_escaped(client, auth, action, fields, payload):
    """강의의 화면은 입력(환영 메시지의 이름, 폼에 남긴 아이디)을 이스케이프된 글자로 다시 보여 줍니다."""
    response = getattr(auth, action)(**fields)
    assert str(escape(payload)) in page_after(client, response)
