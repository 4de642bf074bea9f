"""Logging out forgets the session in this browser only: a copied cookie stays valid (docs/session.md)."""

import pytest
from conftest import PASSWORD, assert_logged_in_as, links_to


@pytest.mark.lesson("session", "expiry")
def test_a_cookie_copied_before_logout_still_logs_in_after_it(app, auth, client, alice):
    """로그아웃은 이 브라우저의 쿠키만 지웁니다: 미리 복사해 둔 쿠키는 서명이 맞으니 계속 로그인 상태입니다.

    Flask's cookie session keeps no server-side record to revoke, so this holds for every correct step.
    """
    auth.login("alice", PASSWORD)
    assert_logged_in_as(client, "alice")
    copied = client.get_cookie("googlekaap").value  # 공격자가 훔쳐 간 쿠키라고 생각하세요
    assert auth.logout().status_code == 302, "로그아웃이 302가 아닙니다"
    page = client.get("/").text
    assert "alice" not in page and links_to(page, "/auth/login"), (
        "로그아웃한 브라우저의 첫 화면이 로그인 상태입니다: 로그아웃은 session.pop('user_id', None)으로 "
        "아이디를 지웁니다"
    )

    thief = app.test_client()  # 다른 브라우저
    thief.set_cookie("googlekaap", copied)
    assert_logged_in_as(thief, "alice")
