def test_logged_out_index_links_to_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/auth/login"' in response.text


def test_logged_in_index_shows_user_id(client, auth, alice):
    auth.login()
    assert "alice" in client.get("/").text
