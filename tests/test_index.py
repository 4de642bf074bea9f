"""GET / (docs/contract.md#routes) and the Korean error pages."""

import pytest
from conftest import assert_logged_in_as, links_to


@pytest.mark.lesson("v1.0.7", "index")
def test_logged_out_index_links_to_login(client):
    """로그인하지 않았으면 첫 화면에 /auth/login 링크가 있어야 합니다: {% if %}의 {% else %} 쪽."""
    response = client.get("/")
    assert response.status_code == 200, f"GET /가 {response.status_code}입니다: 200이어야 합니다"
    assert links_to(response.text, "/auth/login"), (
        '로그인하지 않은 첫 화면에 <a href="/auth/login"> 링크가 없습니다'
    )


@pytest.mark.lesson("v1.0.7", "index")
def test_logged_in_index_shows_user_id(client, auth, alice):
    """로그인했으면 첫 화면에 {{ session.get('user_id') }}가 보여야 합니다: 키 이름 철자를 확인하세요."""
    auth.login()
    assert_logged_in_as(client, "alice")


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "index")
def test_logged_in_index_shows_user_id_in_our_markup(client, auth, alice):
    """강의의 index.html은 아이디를 `<strong>`로 보여 줍니다."""
    auth.login()
    assert "<strong>alice</strong>" in client.get("/").text


@pytest.mark.lesson("v1.0.7", "index")
def test_index_shows_the_session_user_id_escaped(client):
    """아이디는 이스케이프해서 보여야 합니다: {{ }}를 쓰고 |safe나 Markup()은 쓰지 마세요."""
    with client.session_transaction() as session:
        session["user_id"] = "<b>x</b>"
    page = client.get("/").text
    assert "<b>x</b>" not in page, (
        "세션의 아이디 '<b>x</b>'가 태그 그대로 나왔습니다: |safe나 Markup()을 빼세요"
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in page, (
        "첫 화면에 세션의 아이디 '<b>x</b>'가 (이스케이프되어) 보이지 않습니다"
    )


@pytest.mark.lesson("v1.0.7", "errors")
def test_unknown_page_is_404(client):
    """없는 주소는 404여야 합니다."""
    status = client.get("/no-such-page").status_code
    assert status == 404, f"없는 주소가 {status}입니다: 404여야 합니다"


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_unknown_page_is_a_korean_404(client):
    """404 오류 페이지는 "페이지를 찾을 수 없습니다."를 보여 줘야 합니다."""
    assert "페이지를 찾을 수 없습니다." in client.get("/no-such-page").text
