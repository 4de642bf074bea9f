"""Fixtures for the one behavioural suite.

googlekaap is imported lazily: the site checks under tests/site run in a venv without any step.
The step under test is the installed package's version, or GOOGLEKAAP_STEP (`nox -s check`).
"""

import contextlib
import functools
import os
import re
import socket
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lessons import parse_version

SECRET_KEY = "test-secret-key"
PASSWORD = "correct-horse-42"


def step_version():
    import googlekaap

    return parse_version(os.environ.get("GOOGLEKAAP_STEP") or googlekaap.__version__)


def applies_to_this_step(item):
    """False for a `since` test of a later step than the one under test."""
    marker = item.get_closest_marker("since")
    return marker is None or step_version() >= parse_version(marker.args[0])


def pytest_collection_modifyitems(config, items):
    # A `since` test does not apply to earlier steps: deselect it rather than skip it,
    # so a green run never hides a skipped check.
    if not any(item.get_closest_marker("since") for item in items):
        return
    keep, drop = [], []
    for item in items:
        (keep if applies_to_this_step(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@functools.cache
def shared_bytecode_cache():
    """Compiled templates shared by every app of the run, so the same source is compiled once.

    Jinja compares each template's source checksum first: an edited template is compiled again.
    Without it, every test's fresh app compiles every template it renders (half the suite's time).
    """
    from jinja2 import BytecodeCache  # lazily: the tools' venv has no Jinja

    class MemoryBytecodeCache(BytecodeCache):
        def __init__(self):
            self.compiled = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket):
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    return MemoryBytecodeCache()


def make_app(**config):
    from googlekaap import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": SECRET_KEY, **config})
    app.jinja_env.bytecode_cache = shared_bytecode_cache()
    return app


@pytest.fixture
def app():
    """CSRF off: most tests are about behaviour, not tokens. `csrf_app` keeps it on."""
    return make_app(WTF_CSRF_ENABLED=False)


@pytest.fixture
def csrf_app():
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def users(app):
    return app.extensions["users"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html, name):
    """The attributes of every <name> tag on a page, whatever the quoting or attribute order."""
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def form_inputs(html):
    """{name: value} of every <input> on a page, whatever the markup around it."""
    return {
        attrs["name"]: attrs.get("value") or "" for attrs in start_tags(html, "input") if attrs.get("name")
    }


def links_to(html, path):
    """Whether the page has an <a> whose href is exactly `path`."""
    return any(attrs.get("href") == path for attrs in start_tags(html, "a"))


def posts_to(html, path):
    """Whether the page has a <form method="post"> whose action is exactly `path`."""
    forms = start_tags(html, "form")
    return any(
        attrs.get("action") == path and (attrs.get("method") or "").lower() == "post" for attrs in forms
    )


def csrf_token_from(html):
    token = form_inputs(html).get("csrf_token")
    assert token, (
        "폼에 csrf_token 숨은 필드가 없습니다: 로그인·가입 폼에는 {{ form.hidden_tag() }}, "
        '로그아웃 폼에는 <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">'
    )
    return token


# A Flask-WTF token: the signed JSON string of 40 hex digits, a timestamp, a 20-byte signature.
CSRF_TOKEN = re.compile(r"I[jm][\w-]{54}\.[\w-]+\.[\w-]{27}")


def without_csrf_tokens(html):
    """A page with every CSRF token in it blanked: a token carries the time it was made (in seconds).

    A page may render a token even while CSRF is off (`csrf_token()` works either way): two renderings of
    one page a second apart then differ only there.
    """
    return CSRF_TOKEN.sub("<csrf_token>", html)


def session_of(client):
    """What the client's session cookie holds, as the app reads it."""
    with client.session_transaction() as session:
        return dict(session)


def free_port():
    """A port on 127.0.0.1 that nothing listens on now, for a server process a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_open(port):
    """Whether something listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def env_without_flask(**extra):
    """This environment without FLASK_* (a shell where no key was set), with `extra`: for a child process."""
    return {**{name: value for name, value in os.environ.items() if not name.startswith("FLASK_")}, **extra}


@pytest.fixture
def no_flask_env(monkeypatch):
    """No FLASK_* variable from the shell that runs the tests reaches create_app()."""
    for name in [name for name in os.environ if name.startswith("FLASK_")]:
        monkeypatch.delenv(name)


def shown_user(client, user_id):
    """Whether GET / shows user_id, i.e. is logged in as it (the contract: its text on the index)."""
    page = client.get("/")
    assert page.status_code == 200, f"GET /가 {page.status_code}입니다: 200이어야 합니다"
    return user_id in page.text


def assert_logged_in_as(client, user_id):
    """The first page shows user_id. One message for every test that expects it, so that the report
    shows one cause (say, a misspelled session key in index.html) once, however many tests meet it."""
    assert shown_user(client, user_id), f"로그인한 첫 화면(GET /)에 {user_id!r}가 없습니다"


@functools.cache
def _password_hash(password):
    from werkzeug.security import generate_password_hash

    # A cheap method for test data: check_password_hash reads the method from the string, so a login
    # against it behaves the same, without paying a full scrypt per seeded user (flaskr's data.sql idea).
    # Registrations through HTTP still store the step's own default hash; test_store checks that.
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_user(user_id, user_name="테스터", password=PASSWORD):
    """A User of the installed step, built the way that step stores passwords."""
    from googlekaap.models.user import User

    if step_version() >= (1, 0, 8):
        return User(user_id=user_id, user_name=user_name, password_hash=_password_hash(password))
    return User(user_id=user_id, user_name=user_name, password=password)


class AuthActions:
    """Register, log in and log out through HTTP, as a browser would (flaskr's pattern)."""

    def __init__(self, client):
        self._client = client

    def register(self, user_id="alice", user_name="앨리스", password=PASSWORD, repassword=None, **extra):
        data = {
            "user_id": user_id,
            "user_name": user_name,
            "password": password,
            "repassword": password if repassword is None else repassword,
            **extra,
        }
        return self._client.post("/auth/register", data=data)

    def login(self, user_id="alice", password=PASSWORD, **extra):
        return self._client.post("/auth/login", data={"user_id": user_id, "password": password, **extra})

    def logout(self, **extra):
        return self._client.post("/auth/logout", data=extra)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def alice(users):
    """A registered user, put straight into the store as a plain mapping (no hashing cost per test)."""
    user = make_user("alice", "앨리스")
    users["alice"] = user
    return user


@pytest.fixture
def live_server():
    """Start a threaded Werkzeug server for an app on 127.0.0.1 and a free port.

    Usage: `url = live_server(app)`; every server started is shut down after the test.
    """
    from werkzeug.serving import make_server

    servers = []

    def start(app):
        server = make_server("127.0.0.1", 0, app, threaded=True)
        # A short poll: shutdown() waits for it, once per test (the default is 0.5 s).
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Cheap password hashing where hashing is not the point ----------------------------------------
# Werkzeug's default method (scrypt, n=32768) costs ~70 ms per hash: most of a v1.0.8 test's time would be
# spent hashing for tests about routes, forms or cookies. Like Django's test settings (a fast hasher),
# these tests get the same function with a tiny cost. The stored string says so ("scrypt:128:8:1$…"), and
# check_password_hash reads the cost from that string, so a login still checks the hash it was given.
# Tests about the real default opt out with @pytest.mark.real_hash.
# Patched inside werkzeug.security, where generate_password_hash looks it up on every call, so it also
# reaches code that did `from werkzeug.security import generate_password_hash` (any learner's steps).
CHEAP_SCRYPT = "scrypt:128:8:1"  # scrypt's smallest n that Werkzeug's memory limit allows


@contextlib.contextmanager
def cheap_hashing():
    """Werkzeug's hashing with CHEAP_SCRYPT in place of its default, while the block runs."""
    try:
        from werkzeug import security
    except ImportError:  # the site checks run without a step, so without Werkzeug
        yield
        return
    if not hasattr(security, "_hash_internal"):
        yield
        return
    real = security._hash_internal

    def cheap(method, salt, password):
        # A bare "scrypt" is generate_password_hash's default; stored strings carry their own parameters.
        return real(CHEAP_SCRYPT if method == "scrypt" else method, salt, password)

    security._hash_internal = cheap
    try:
        yield
    finally:
        security._hash_internal = real


@pytest.fixture(autouse=True)
def cheap_password_hashing(request):
    if request.node.get_closest_marker("real_hash"):
        yield
        return
    with cheap_hashing():
        yield


# --- The built lesson sites that the site checks read ----------------------------------------------
def built_sites():
    """(builder, folder) pairs from LESSON_SITES ("mkdocs=site<os.pathsep>zensical=…", set by nox)."""
    root = Path(__file__).parents[1]
    spec = os.environ.get("LESSON_SITES") or f"mkdocs={root / 'site'}"
    return [
        (name, Path(folder)) for name, _, folder in (entry.partition("=") for entry in spec.split(os.pathsep))
    ]


@pytest.fixture(scope="session", params=built_sites(), ids=lambda built: built[0])
def lesson_site(request):
    """One build of the lesson site: (builder, folder). Every site check runs once per builder."""
    builder, folder = request.param
    assert (folder / "index.html").is_file(), (
        f"{builder}로 만든 강의 사이트가 없습니다: {folder}. 먼저 `nox -s docs`로 만드세요 (build it first)"
    )
    return request.param
