"""세션 실험실: steps/v1.0.7의 googlekaap을 브라우저 안의 파이썬(Pyodide)에서 그대로 실행합니다.

서버도 네트워크도 없습니다. 요청은 Flask의 테스트 클라이언트가 앱에 직접 보내고, 쿠키도 그 클라이언트가
브라우저처럼 보관합니다. 화면(docs/assets/javascripts/session-lab.js)은 run(동작, 인자)만 부르고,
답은 JSON입니다.
"""

import json
import re
import secrets
import zlib
from dataclasses import asdict
from datetime import UTC, datetime
from html.parser import HTMLParser

from googlekaap import create_app
from itsdangerous import BadSignature, base64_decode, base64_encode

# tests/test_session_cookie.py와 tests/test_secret_key.py의 함수 그대로 (nox -s lab이 잘라 옵니다).
from lesson_code import WORDLIST, decode_session_cookie, flask_session_serializer

COOKIE = "googlekaap"

# 학습자가 직접 돌리는 것과 같은 앱: v1.0.7의 개발용 키 "dev", CSRF 검사 켜짐.
app = create_app()
browser = app.test_client()


# --- 쿠키 읽기: 세션 페이지가 가르치는 디코딩 그대로 ------------------------------------------------


def cookie_parts(value):
    """쿠키 값의 세 부분과 각각을 푼 것. 내용이 깨졌으면 그렇다고 적습니다."""
    payload, timestamp, signature = value.lstrip(".").rsplit(".", 2)
    try:
        content = json.dumps(decode_session_cookie(value), ensure_ascii=False, indent=1)
    except (ValueError, zlib.error):
        content = "(디코딩할 수 없습니다: 내용이 깨졌습니다)"
    try:
        seconds = int.from_bytes(base64_decode(timestamp), "big")
        signed_at = f"{datetime.fromtimestamp(seconds, UTC):%Y-%m-%d %H:%M:%S} UTC (유닉스 시각 {seconds})"
    except (ValueError, OverflowError):
        signed_at = "(디코딩할 수 없습니다)"
    try:
        mac = base64_decode(signature)
        signed = f"{mac.hex()} ({len(mac)}바이트)"
    except ValueError:
        signed = "(디코딩할 수 없습니다)"
    return {
        "value": value,
        "compressed": value.startswith("."),
        "parts": [
            {"name": "내용", "raw": payload, "decoded": content},
            {"name": "시각", "raw": timestamp, "decoded": signed_at},
            {"name": "서명", "raw": signature, "decoded": signed},
        ],
    }


# --- 요청 보내기 ------------------------------------------------------------------------------------


class PageText(HTMLParser):
    """<main>의 글자와 숨은 csrf_token 필드의 값."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.csrf_token = 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.depth += 1
        if tag == "input" and attrs.get("name") == "csrf_token":
            self.csrf_token = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def read_page(response):
    parser = PageText()
    parser.feed(response.get_data(as_text=True))
    return " ".join(" ".join(parser.text).split()), parser.csrf_token


def set_cookie_of(response):
    """응답의 googlekaap Set-Cookie 헤더 전체, 없으면 None."""
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    return found[-1] if found else None


def send(client, method, path, log, data=None):
    """요청 하나를 보내고 기록합니다: 메서드, 경로, 상태, 이동할 곳, Set-Cookie, 화면의 글자."""
    response = client.open(path, method=method, data=data)
    text, token = read_page(response)
    log.append(
        {
            "request": f"{method} {path}",
            "status": response.status,
            "location": response.headers.get("Location"),
            "set_cookie": set_cookie_of(response),
            "text": text,
        }
    )
    return response, token


def index_as_seen_with(cookie, target=None):
    """쿠키 하나만 가진 새 브라우저로 첫 화면을 엽니다: 서버가 그 쿠키로 누구를 알아보는지."""
    client = (target or app).test_client()
    client.set_cookie(COOKIE, cookie)
    response = client.get("/")
    text, _ = read_page(response)
    user = re.search(r"로그인한 아이디: (\S+)", text)
    return {"status": response.status, "text": text, "user_id": user and user[1]}


def current_cookie():
    cookie = browser.get_cookie(COOKIE)
    return cookie and cookie.value


# --- 실험 ------------------------------------------------------------------------------------------


def register_and_login(user_id, user_name, password):
    """1. 진짜 폼으로 가입하고, 로그아웃한 뒤 다시 로그인합니다. 폼마다 csrf_token을 읽어 함께 보냅니다."""
    log = []
    _, token = send(browser, "GET", "/auth/register", log)
    fields = {"user_id": user_id, "user_name": user_name, "password": password, "repassword": password}
    registered, _ = send(browser, "POST", "/auth/register", log, {**fields, "csrf_token": token})
    # 가입하면 세션을 새로 시작해서 가입 폼의 토큰은 더 이상 맞지 않습니다: 첫 화면의 로그아웃 폼에서 새로.
    _, token = send(browser, "GET", "/", log)
    if token:
        send(browser, "POST", "/auth/logout", log, {"csrf_token": token})
    _, token = send(browser, "GET", "/auth/login", log)
    login, _ = send(browser, "POST", "/auth/login", log, {**fields, "csrf_token": token})
    send(browser, "GET", "/", log)
    cookies = [
        (f"{what} 응답의 쿠키", set_cookie_of(response))
        for what, response in [("가입", registered), ("로그인", login)]
    ]
    return {
        "log": log,
        # 이미 있는 아이디면 가입은 가입 폼으로 되돌아가고("이미 사용 중인 아이디입니다"), 로그인만 됩니다.
        "registered": registered.headers.get("Location") == "/",
        "logged_in": login.status_code == 302,
        "cookies": [
            {"title": title, "set_cookie": header, **cookie_parts(header.split(";")[0].split("=", 1)[1])}
            for title, header in cookies
            if header
        ],
        "cookie": current_cookie(),
    }


def tamper(cookie, how):
    """2. 쿠키 고치기: 내용의 한 글자를 바꾸거나, 내용을 {"user_id": "admin"}으로 바꾸고 서명은 그대로."""
    compressed = cookie.startswith(".")
    payload, timestamp, signature = cookie.lstrip(".").rsplit(".", 2)
    if how == "admin":
        # Flask의 직렬화와 같은 모양(공백 없는 JSON)으로 만들고, base64로 인코딩만 합니다. 키는 쓰지 않습니다.
        payload = base64_encode(json.dumps({"user_id": "admin"}, separators=(",", ":"))).decode()
        compressed = False
    else:
        middle = len(payload) // 2
        flipped = "B" if payload[middle] == "A" else "A"
        payload = payload[:middle] + flipped + payload[middle + 1 :]
    return {"cookie": ("." if compressed else "") + f"{payload}.{timestamp}.{signature}"}


def send_cookie(cookie):
    """2. 고친 (또는 그대로의) 쿠키를 실어 첫 화면을 엽니다."""
    cookie = cookie.strip().removeprefix(f"{COOKIE}=")
    if cookie.lstrip(".").count(".") < 2:
        return {"error": "쿠키 값은 점(.)으로 나뉜 세 부분(내용.시각.서명)이어야 합니다."}
    return {"parts": cookie_parts(cookie), "seen": index_as_seen_with(cookie)}


def recover_key(cookie, wordlist):
    """단어 목록의 키로 차례로 서명을 확인합니다: 시도한 키마다 (키, 맞았는지)."""
    tries = []
    for key in wordlist:
        try:
            flask_session_serializer(key).loads(cookie)
        except BadSignature:
            tries.append({"key": key, "ok": False})
            continue
        tries.append({"key": key, "ok": True})
        break
    return tries


def guess_key(kind):
    """3. 과정의 키: 'secretkey'로 서명하는 앱, 또는 secrets.token_hex()로 만든 키로 서명하는 앱."""
    key = "secretkey" if kind == "course" else secrets.token_hex()
    target = create_app({"SECRET_KEY": key})
    # 누구나 가입 페이지를 열기만 해도 쿠키를 받습니다 (CSRF 토큰의 원본이 세션에 들어갑니다).
    response = target.test_client().get("/auth/register")
    cookie = set_cookie_of(response).split(";")[0].split("=", 1)[1]
    tries = recover_key(cookie, WORDLIST)
    found = tries[-1]["key"] if tries[-1]["ok"] else None
    # 찾은 키로, 못 찾았으면 과정의 키로 admin 쿠키를 만들어 봅니다.
    forged = flask_session_serializer(found or "secretkey").dumps({"user_id": "admin"})
    return {
        "kind": kind,
        "cookie": cookie,
        "decoded": json.dumps(decode_session_cookie(cookie), ensure_ascii=False),
        "tries": tries,
        "found": found,
        "forged_with": found or "secretkey",
        "forged": forged,
        "seen": index_as_seen_with(forged, target),
    }


def server_store():
    """4. 서버가 가진 것(사용자 저장소)과 브라우저가 가진 것(쿠키)."""
    cookie = current_cookie()
    return {
        "users": [asdict(user) for user in app.extensions["users"].values()],
        "cookie": cookie,
        "cookie_decoded": cookie and json.dumps(decode_session_cookie(cookie), ensure_ascii=False, indent=1),
    }


ACTIONS = {
    "register_and_login": register_and_login,
    "tamper": tamper,
    "send_cookie": send_cookie,
    "guess_key": guess_key,
    "server_store": server_store,
}


def run(action, arguments):
    """화면이 부르는 입구: 인자도 답도 JSON 문자열."""
    return json.dumps(ACTIONS[action](**json.loads(arguments)), ensure_ascii=False)
