"""Bad input: generated bodies to /auth/login and /auth/register never get a 5xx, and the store
always equals a model kept by the test (an accepted registration is a 302 to "/").

Hashing is cheap here (tests/conftest.py), so valid registrations and real logins are a fair share of
what is generated: every run accepts registrations and logins and refuses duplicate ids.
"""

import io
from collections import Counter

import pytest
from conftest import make_app
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from werkzeug.datastructures import MultiDict

TALLY = Counter()
MIN_BODIES = 1000

REGISTER_FIELDS = ("user_id", "user_name", "password", "repassword")
LOGIN_FIELDS = ("user_id", "password")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
RAW_TYPES = (
    *FORM_TYPES,
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded; charset=bogus",
    "application/json",
    "text/plain",
    "application/xml",
    "",
)

# Heavy (1000+ generated bodies): run by `nox -s stress`, not the per-step suite.
pytestmark = [pytest.mark.stress, pytest.mark.lesson("threat-model", "bad-input")]


# Hypothesis has no weighted one_of: repeating a strategy in sampled_from weights it.
def weighted(*pairs):
    return st.sampled_from([strategy for strategy, weight in pairs for _ in range(weight)]).flatmap(
        lambda strategy: strategy
    )


# Text includes control characters and any Unicode; "huge" repeats a short text up to ~80 KB.
value = weighted(
    (st.just(""), 2),
    (st.text(max_size=30), 2),
    (st.builds(str.__mul__, st.text(min_size=1, max_size=4), st.integers(1000, 5000)), 1),
)


def form_bodies(fields):
    """HTML-form-like bodies: known and unknown names, repeated fields, urlencoded or multipart."""
    name = st.sampled_from(fields) | st.text(max_size=10)
    pairs = st.lists(st.tuples(name, value), max_size=6)
    return st.builds(
        lambda p, t: {"data": MultiDict(p), "content_type": t}, pairs, st.sampled_from(FORM_TYPES)
    )


def junk_bodies(fields):
    """Everything a form parser should shrug off: raw bytes, JSON of any type, file uploads."""
    json_value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(fields), inner),
        max_leaves=8,
    )
    upload = st.builds(
        lambda data, filename: (io.BytesIO(data), filename), st.binary(max_size=200), st.text()
    )
    return st.one_of(
        st.builds(
            lambda b, t: {"data": b, "content_type": t}, st.binary(max_size=300), st.sampled_from(RAW_TYPES)
        ),
        st.builds(lambda j: {"json": j}, json_value),
        st.builds(
            lambda files: {"data": MultiDict(files), "content_type": "multipart/form-data"},
            st.lists(st.tuples(st.sampled_from(fields), upload), min_size=1, max_size=3),
        ),
    )


def login_bodies(fields):
    # Most form bodies miss a field, so they stop at validation and hash nothing.
    without_a_field = form_bodies(fields).filter(
        lambda b: not all(b["data"].get(f, "").strip() for f in fields)
    )
    return weighted((junk_bodies(fields), 6), (without_a_field, 6), (form_bodies(fields), 1))


valid_user_id = st.from_regex(r"[A-Za-z0-9_.-]{1,20}", fullmatch=True)
valid_user_name = st.text(min_size=1, max_size=20).filter(str.strip)
valid_password = st.text(min_size=8, max_size=128).filter(str.strip)


def valid_registration(user_id, user_name, password):
    fields = {"user_id": user_id, "user_name": user_name, "password": password, "repassword": password}
    return {"data": MultiDict(fields)}, True


def login_form(credentials):
    return {"data": MultiDict(dict(zip(LOGIN_FIELDS, credentials, strict=True)))}


def first(body, field):
    data = body.get("data")
    return data.get(field) if isinstance(data, MultiDict) else None


class AuthMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # A crash becomes a 500 response to count, instead of an exception raised in the test client.
        self.app = make_app(WTF_CSRF_ENABLED=False, PROPAGATE_EXCEPTIONS=False)
        self.model = {}  # user_id -> (user_name, password)

    def post(self, path, body):
        client = self.app.test_client()
        response = client.post(path, **body)
        TALLY["bodies"] += 1
        TALLY[f"{response.status_code}"] += 1
        TALLY["5xx"] += response.status_code >= 500
        assert response.status_code < 500, (path, body)
        with client.session_transaction() as session:
            return response, dict(session)

    @rule(data=st.data())
    def register(self, data):
        fresh = valid_user_id.filter(lambda user_id: user_id not in self.model)
        user_id = (fresh | st.sampled_from(sorted(self.model))) if self.model else fresh
        valid = st.builds(valid_registration, user_id, valid_user_name, valid_password)
        junk = weighted((junk_bodies(REGISTER_FIELDS), 1), (form_bodies(REGISTER_FIELDS), 1))
        body, is_valid = data.draw(weighted((junk.map(lambda b: (b, False)), 6), (valid, 1)))
        user_id = first(body, "user_id")
        response, session = self.post("/auth/register", body)
        if response.status_code == 302 and response.location == "/":
            assert user_id not in self.model
            self.model[user_id] = (first(body, "user_name"), first(body, "password"))
            assert session["user_id"] == user_id
            TALLY["registrations accepted"] += 1
        else:
            assert "user_id" not in session
        if is_valid and user_id in self.model and response.location != "/":
            assert (response.status_code, response.location) == (302, "/auth/register")
            TALLY["duplicate ids refused"] += 1
        # A valid body for a new id is always accepted.
        assert not is_valid or user_id in self.model

    @rule(data=st.data())
    def login(self, data):
        strategies = [(login_bodies(LOGIN_FIELDS), 10)]
        if self.model:
            user = st.sampled_from(sorted(self.model.items()))
            right = user.map(lambda item: (item[0], item[1][1]))
            wrong = st.tuples(user.map(lambda item: item[0]), valid_password)
            strategies += [(right.map(login_form), 2), (wrong.map(login_form), 2)]
        body = data.draw(weighted(*strategies))
        user_id, password = first(body, "user_id"), first(body, "password")
        expected = user_id in self.model and self.model[user_id][1] == password
        response, session = self.post("/auth/login", body)
        if response.status_code == 413:
            return
        succeeded = response.status_code == 302 and response.location == "/"
        assert succeeded == expected
        assert session.get("user_id") == (user_id if expected else None)
        TALLY["logins accepted" if succeeded else "logins refused"] += 1

    @invariant()
    def store_equals_model(self):
        stored = {user_id: user.user_name for user_id, user in self.app.extensions["users"].items()}
        assert stored == {user_id: user_name for user_id, (user_name, _) in self.model.items()}


# The same 23 runs of 50 steps (1000+ bodies) on every run: derandomize, and no shrink phase to replay.
FUZZ = settings(
    max_examples=23,
    stateful_step_count=50,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: replaying 50-step runs takes minutes; the failing steps are printed as they ran.
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_generated_bodies_never_5xx_and_store_equals_model():
    """어떤 본문(JSON, 파일, 제어 문자, 아주 긴 값)에도 500이 나면 안 됩니다: 폼은 request.form만."""
    TALLY.clear()
    run_state_machine_as_test(AuthMachine, settings=FUZZ)
    print("fuzz tally:", dict(TALLY))
    assert TALLY["bodies"] >= MIN_BODIES
    assert TALLY["5xx"] == 0
    assert TALLY["registrations accepted"] > 0
    assert TALLY["duplicate ids refused"] > 0
    assert TALLY["logins accepted"] > 0
