"""The session cookie: its name and flags, and the lesson's claim that it is signed, not encrypted."""

import pytest


def decode_session_cookie(value):
    """Flask 세션 쿠키를 비밀 키 없이 디코딩합니다: 서명만 되어 있고 암호화되지 않았기 때문입니다."""
    # 함수 안에서 가져옵니다: 이 함수 하나만 파이썬 셸에 붙여 넣어도 돌아갑니다.
    import json
    import zlib

    from itsdangerous import base64_decode

    compressed = value.startswith(".")  # itsdangerous는 zlib 압축이 더 짧을 때만 압축하고 '.'을 붙입니다
    payload = value.lstrip(".").split(".")[0]  # 내용.시각.서명 중 내용
    data = base64_decode(payload)
    if compressed:
        data = zlib.decompress(data)
    return json.loads(data)


def session_cookie(client):
    return client.get_cookie("googlekaap")


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_login_sets_the_googlekaap_cookie_httponly_lax(auth, alice):
    """로그인 응답의 쿠키 이름은 googlekaap이고 HttpOnly, SameSite=Lax여야 합니다: SESSION_COOKIE_* 설정."""
    response = auth.login()
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("googlekaap=")]
    assert len(cookies) == 1, (
        f"로그인 응답에 googlekaap 쿠키가 {len(cookies)}개입니다: SESSION_COOKIE_NAME을 보세요"
    )
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookies[0].split(";")[1:]}
    assert "httponly" in attributes, f"세션 쿠키에 HttpOnly가 없습니다: {cookies[0]}"
    assert attributes.get("samesite") == "SameSite=Lax", f"세션 쿠키에 SameSite=Lax가 없습니다: {cookies[0]}"


@pytest.mark.lesson("session", "signed-cookie")
def test_the_cookie_payload_is_readable_without_the_key(client, auth, alice):
    """세션 쿠키는 서명만 되어 있어 키 없이도 user_id가 읽혀야 합니다: Flask 기본 세션을 쓰세요."""
    auth.login()
    cookie = session_cookie(client)
    assert cookie is not None, "로그인한 뒤 googlekaap 쿠키가 없습니다: SESSION_COOKIE_NAME을 보세요"
    decoded = decode_session_cookie(cookie.value)
    assert decoded == {"user_id": "alice"}, f"로그인한 뒤의 쿠키를 디코딩하면 {decoded}입니다"


@pytest.mark.lesson("session", "signed-cookie")
def test_the_cookie_is_signed_with_the_apps_key(app, client, auth, alice):
    """세션 쿠키는 앱의 SECRET_KEY로 서명된 Flask 기본 세션이어야 합니다."""
    auth.login()
    cookie = session_cookie(client)
    assert cookie is not None, "로그인한 뒤 googlekaap 쿠키가 없습니다: SESSION_COOKIE_NAME을 보세요"
    serializer = app.session_interface.get_signing_serializer(app)
    assert serializer.loads(cookie.value) == {"user_id": "alice"}, (
        "쿠키에 든 세션이 {'user_id': 'alice'}가 아닙니다"
    )


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_no_other_cookie_is_set(client, auth, alice):
    """앱이 만드는 쿠키는 googlekaap 하나뿐이어야 합니다: 로그인 상태는 session에만 두세요."""
    auth.login()
    client.get("/")
    names = [cookie.key for cookie in client._cookies.values()]
    assert names == ["googlekaap"], f"앱이 만든 쿠키가 {names}입니다: googlekaap 하나여야 합니다"
