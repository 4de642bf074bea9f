"""GET / and the Korean error pages."""


def test_logged_out_index_links_to_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/auth/login"' in response.text
    assert 'id="user-id"' not in response.text


def test_logged_in_index_shows_user_id(client, auth, alice):
    auth.login()
    assert '<strong id="user-id">alice</strong>' in client.get("/").text


def test_index_shows_the_session_user_id_escaped(client):
    with client.session_transaction() as session:
        session["user_id"] = "<b>x</b>"
    assert '<strong id="user-id">&lt;b&gt;x&lt;/b&gt;</strong>' in client.get("/").text


def test_unknown_page_is_a_korean_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다." in response.text
