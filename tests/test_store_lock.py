"""The store's lock, proven deterministically: two registrations of one id are made to race on purpose.

A barrier in the store's membership check holds the first registration there until the second one has
checked too. Without a lock both see "not there yet" and both store: the test fails every time. With a
lock around check-and-store, the second registration cannot reach its check; the barrier times out, the
first one goes on, and the second one then finds the id taken.
"""

import contextlib
import threading

import pytest

GATE_SECONDS = 0.5  # how long a check waits for the other one; with a lock it waits in vain, once


def gate(app):
    """Make every membership check of the app's store (in, get, []) wait for a second, concurrent check."""
    store = app.extensions["users"]
    barrier = threading.Barrier(2, timeout=GATE_SECONDS)

    def wait():
        # Broken: the other registration is held elsewhere (by a lock). Go on, and never hang.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    class Gated(type(store)):
        def __contains__(self, key):
            found = super().__contains__(key)
            wait()
            return found

        def get(self, key, default=None):
            found = super().get(key, default)
            wait()
            return found

        def __getitem__(self, key):
            try:
                return super().__getitem__(key)
            finally:
                wait()

    try:
        store.__class__ = Gated  # a dict subclass (ours): the same object, so a lock kept in it stays
    except TypeError:
        app.extensions["users"] = Gated(store)  # a plain dict cannot change class: put a gated copy there


@pytest.mark.lesson("v1.0.7", "concurrent-register")
def test_two_racing_registrations_of_one_id_store_it_once(app):
    """있는지 확인하고 넣기를 잠금(threading.Lock) 하나로 묶어야 같은 아이디가 두 번 저장되지 않습니다.

    Contract: the store is whatever mapping the app keeps in app.extensions["users"]; its lock may live
    in it or beside it.
    """
    gate(app)
    results = {}

    def register(user_name):
        client = app.test_client()
        form = {"user_id": "same-id", "user_name": user_name, "password": "x" * 12, "repassword": "x" * 12}
        response = client.post("/auth/register", data=form)
        results[user_name] = response.location

    threads = [threading.Thread(target=register, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["/", "/auth/register"], "both registrations succeeded: no lock?"
    winner = next(name for name, location in results.items() if location == "/")
    users = dict(app.extensions["users"])
    assert list(users) == ["same-id"]
    assert users["same-id"].user_name == winner
