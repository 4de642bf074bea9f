"""The course's first item: the session works because the app has a key (docs/v1.0.7.md#session-context)."""

import pytest


@pytest.mark.usefixtures("no_flask_env")
@pytest.mark.lesson("v1.0.7", "session-context")
def test_an_app_made_without_config_sends_a_session_cookie():
    """설정 없이 만든 create_app()도 세션을 쿠키로 보내야 합니다: 개발용 SECRET_KEY를 넣으세요."""
    from googlekaap import create_app

    client = create_app().test_client()
    response = client.get("/auth/login")  # 폼의 CSRF 토큰이 세션에 들어갑니다
    assert response.status_code == 200, "설정 없이 만든 앱의 로그인 화면이 열리지 않습니다 (SECRET_KEY?)"
    assert client.get_cookie("googlekaap") is not None, "세션 쿠키가 오지 않았습니다"
