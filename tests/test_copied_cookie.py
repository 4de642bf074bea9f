"""Logging out forgets the session in this browser only: a copied cookie stays valid (docs/session.md)."""

import pytest
from conftest import PASSWORD


@pytest.mark.lesson("session", "expiry")
def test_a_cookie_copied_before_logout_still_logs_in_after_it(app, auth, client, alice):
    """로그아웃은 이 브라우저의 쿠키만 지웁니다: 미리 복사해 둔 쿠키는 서명이 맞으니 계속 로그인 상태입니다.

    Flask's cookie session keeps no server-side record to revoke, so this holds for every correct step.
    """
    auth.login("alice", PASSWORD)
    copied = client.get_cookie("googlekaap").value  # 공격자가 훔쳐 간 쿠키라고 생각하세요
    assert auth.logout().status_code == 302
    page = client.get("/").text
    assert "alice" not in page and 'href="/auth/login"' in page, "this browser is logged out"

    thief = app.test_client()  # 다른 브라우저
    thief.set_cookie("googlekaap", copied)
    page = thief.get("/").text
    assert "alice" in page
    assert 'href="/auth/login"' not in page
