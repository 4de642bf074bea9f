"""The store's lock, proven deterministically: two registrations of one id are made to race on purpose.

A barrier in the store's membership check holds the first registration there until the second one has
checked too. Without a lock both see "not there yet" and both store: the test fails every time. With a
lock around check-and-store, the second registration cannot reach its check; the barrier times out, the
first one goes on, and the second one then finds the id taken. The timeout starts once both requests
have started: from there a request without a lock reaches its check in milliseconds.
"""

import contextlib
import threading
from collections.abc import MutableMapping

import pytest

GATE_SECONDS = 0.25  # how long a check waits for the other one; with a lock it waits in vain, once


class Gated(MutableMapping):
    """The app's own store behind a gate: each membership check (in, get, []) waits for a second one.

    Everything else goes to the store itself: writes, len, iteration, its atomic methods (setdefault,
    pop, ...) and any attribute of its own (a lock, an `add()`). The store is neither copied nor changed.
    """

    def __init__(self, store):
        self._store = store
        self._barrier = threading.Barrier(2, timeout=GATE_SECONDS)
        self.requests = threading.Barrier(2, timeout=10)  # each request passes it as it starts

    def _wait(self):
        # Broken: the other registration is held elsewhere (by a lock). Go on, and never hang.
        with contextlib.suppress(threading.BrokenBarrierError):
            self._barrier.wait()

    def __contains__(self, key):
        found = key in self._store
        self._wait()
        return found

    def get(self, key, default=None):
        found = self._store.get(key, default)
        self._wait()
        return found

    def __getitem__(self, key):
        try:
            return self._store[key]
        finally:
            self._wait()

    def __setitem__(self, key, value):
        self._store[key] = value

    def __delitem__(self, key):
        del self._store[key]

    def __iter__(self):
        return iter(self._store)

    def __len__(self):
        return len(self._store)

    def setdefault(self, key, default=None):
        return self._store.setdefault(key, default)

    def pop(self, key, *default):
        return self._store.pop(key, *default)

    def popitem(self):
        return self._store.popitem()

    def update(self, *args, **kwargs):
        self._store.update(*args, **kwargs)

    def clear(self):
        self._store.clear()

    def __getattr__(self, name):
        return getattr(self._store, name)


@pytest.mark.lesson("v1.0.7", "concurrent-register")
def test_two_racing_registrations_of_one_id_store_it_once(app):
    """있는지 확인하고 넣기를 잠금(threading.Lock) 하나로 묶어야 같은 아이디가 두 번 저장되지 않습니다.

    Contract: the store is whatever mapping the app keeps in app.extensions["users"]; its lock may live
    anywhere (in it, beside it, at module level). The routes must read the store from app.extensions
    on each request, so that they meet the gate.
    """
    store = app.extensions["users"]
    gated = app.extensions["users"] = Gated(store)
    results = {}

    def register(user_name):
        client = app.test_client()
        form = {"user_id": "same-id", "user_name": user_name, "password": "x" * 12, "repassword": "x" * 12}
        gated.requests.wait()  # both requests start together: the gate's timeout counts from here
        response = client.post("/auth/register", data=form)
        results[user_name] = (response.status_code, response.location)

    threads = [threading.Thread(target=register, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    outcomes = sorted(results.values(), key=str)
    assert outcomes == [(302, "/"), (302, "/auth/register")], (
        f"같은 아이디로 동시에 가입한 두 요청의 결과가 {outcomes}입니다: 하나는 가입(302, /), 하나는 "
        "이미 있는 아이디(302, /auth/register)여야 합니다. 확인하고 넣기를 잠금 하나로 묶으세요"
    )
    winner = next(name for name, outcome in results.items() if outcome == (302, "/"))
    assert list(store) == ["same-id"], f"저장소에 {list(store)}가 있습니다: same-id 한 명이어야 합니다"
    assert store["same-id"].user_name == winner, "저장된 사용자가 가입에 성공한 요청의 사용자가 아닙니다"
