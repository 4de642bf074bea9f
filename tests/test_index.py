"""GET / (docs/contract.md#routes) and the Korean error pages."""

import pytest


@pytest.mark.lesson("v1.0.7", "index")
def test_logged_out_index_links_to_login(client):
    """로그인하지 않았으면 첫 화면에 /auth/login 링크가 있어야 합니다: {% if %}의 {% else %} 쪽."""
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/auth/login"' in response.text


@pytest.mark.lesson("v1.0.7", "index")
def test_logged_in_index_shows_user_id(client, auth, alice):
    """로그인했으면 첫 화면에 {{ session.get('user_id') }}가 보여야 합니다: 키 이름 철자를 확인하세요."""
    auth.login()
    assert "alice" in client.get("/").text


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
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<b>x</b>" not in page


@pytest.mark.lesson("v1.0.7", "errors")
def test_unknown_page_is_404(client):
    """없는 주소는 404여야 합니다."""
    assert client.get("/no-such-page").status_code == 404


@pytest.mark.reference
@pytest.mark.lesson("v1.0.7", "errors")
def test_unknown_page_is_a_korean_404(client):
    """404 오류 페이지는 "페이지를 찾을 수 없습니다."를 보여 줘야 합니다."""
    assert "페이지를 찾을 수 없습니다." in client.get("/no-such-page").text
