"""Concurrent registrations on a real threaded server lose no user and never store an id twice."""

import http.client
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from conftest import PASSWORD

WORKERS = 16

# A real server and ~450 registrations and logins: run by `nox -s stress`, not the per-step suite.
pytestmark = [pytest.mark.stress, pytest.mark.lesson("v1.0.7", "memory-store")]


def post(url, path, fields):
    """POST a form without following the redirect: (status, Location, session cookie or None)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request(
            "POST", path, urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        response = connection.getresponse()
        response.read()
        cookie = SimpleCookie(response.getheader("Set-Cookie", "")).get("googlekaap")
        return response.status, response.getheader("Location"), cookie and cookie.value
    finally:
        connection.close()


def registration(user_id, user_name="테스터"):
    return {"user_id": user_id, "user_name": user_name, "password": PASSWORD, "repassword": PASSWORD}


def test_200_concurrent_registrations_are_all_stored_and_can_log_in(app, users, live_server):
    """실제 스레드 서버에 동시에 들어온 가입 200건이 하나도 빠짐없이 저장되고 모두 로그인되어야 합니다."""
    url = live_server(app)
    ids = [f"user{number:03}" for number in range(200)]
    serializer = app.session_interface.get_signing_serializer(app)
    with ThreadPoolExecutor(WORKERS) as pool:
        registered = list(pool.map(lambda user_id: post(url, "/auth/register", registration(user_id)), ids))
        assert [(status, location) for status, location, _ in registered] == [(302, "/")] * len(ids)
        assert sorted(users) == ids
        logins = pool.map(
            lambda user_id: post(url, "/auth/login", {"user_id": user_id, "password": PASSWORD}), ids
        )
        sessions = [(status, location, serializer.loads(cookie)) for status, location, cookie in logins]
    assert sessions == [(302, "/", {"user_id": user_id}) for user_id in ids]


def test_50_concurrent_registrations_of_one_id_store_it_once(app, users, live_server):
    """같은 아이디로 동시에 온 가입 50건 중 하나만 성공해야 합니다: 확인과 저장을 잠금으로 묶으세요."""
    url = live_server(app)
    start = threading.Barrier(50, timeout=30)

    def register(number):
        start.wait()  # all 50 requests leave together
        return post(url, "/auth/register", registration("same-id", f"이름{number}"))

    with ThreadPoolExecutor(50) as pool:
        locations = [location for _, location, _ in pool.map(register, range(50))]
    assert Counter(locations) == {"/": 1, "/auth/register": 49}
    assert list(users) == ["same-id"]
    assert users["same-id"].user_name == f"이름{locations.index('/')}"
