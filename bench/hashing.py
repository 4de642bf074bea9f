"""Cost of password hashing on this machine, and of a login through the installed step.

Usage: python bench/hashing.py OUT.json
Needs a step with hashed passwords (v1.0.8+), bcrypt and argon2-cffi installed (the bench venv).
"""

import json
import statistics
import sys
import timeit

import argon2
import bcrypt
from googlekaap import __version__, create_app
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD = "correct-horse-42"
ACTIONS = ["hash", "check"]
# Rounds: as many as fit in BUDGET seconds per group, within [MIN_ROUNDS, MAX_ROUNDS].
BUDGET, MIN_ROUNDS, MAX_ROUNDS = 10.0, 15, 200


def measure(fns):
    """Time each of fns ({key: fn}) once per round, interleaved, so load from elsewhere hits them alike."""
    first = sum(timeit.timeit(fn, number=1) for fn in fns.values())  # also the warm-up
    rounds = max(MIN_ROUNDS, min(MAX_ROUNDS, int(BUDGET / first)))
    samples = {key: [] for key in fns}
    for _ in range(rounds):
        for key, fn in fns.items():
            samples[key].append(timeit.timeit(fn, number=1) * 1000)
    stats = {}
    for key, values in samples.items():
        q1, median, q3 = statistics.quantiles(values, n=4)
        stats[key] = {"median_ms": median, "iqr_ms": q3 - q1, "rounds": rounds}
    return stats


def werkzeug(*method):
    hashed = generate_password_hash(PASSWORD, *method)
    return hashed.split("$")[0], lambda: generate_password_hash(PASSWORD, *method), hashed


def hash_methods():
    argon2_hasher = argon2.PasswordHasher()
    bcrypt_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt())
    argon2_hash = argon2_hasher.hash(PASSWORD)
    scrypt, scrypt_hash, scrypt_hashed = werkzeug()
    pbkdf2, pbkdf2_hash, pbkdf2_hashed = werkzeug("pbkdf2:sha256")
    # OWASP's scrypt minimum (N=2^17, r=8, p=1): the stronger method string the v1.0.8 lesson shows.
    owasp, owasp_hash, owasp_hashed = werkzeug("scrypt:131072:8:1")
    # (name, parameters as the hash string states them, hash, check)
    methods = [
        ("Werkzeug 기본", scrypt, scrypt_hash, lambda: check_password_hash(scrypt_hashed, PASSWORD)),
        (
            "Werkzeug scrypt, OWASP 최소",
            owasp,
            owasp_hash,
            lambda: check_password_hash(owasp_hashed, PASSWORD),
        ),
        ("Werkzeug pbkdf2", pbkdf2, pbkdf2_hash, lambda: check_password_hash(pbkdf2_hashed, PASSWORD)),
        (
            "bcrypt",
            f"rounds={bcrypt_hash.split(b'$')[2].decode()}",
            lambda: bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt()),
            lambda: bcrypt.checkpw(PASSWORD.encode(), bcrypt_hash),
        ),
        (
            "argon2-cffi",
            " ".join(argon2_hash.split("$")[1:4:2]),
            lambda: argon2_hasher.hash(PASSWORD),
            lambda: argon2_hasher.verify(argon2_hash, PASSWORD),
        ),
    ]
    stats = measure(
        {(name, action): fn for name, _, *fns in methods for action, fn in zip(ACTIONS, fns, strict=True)}
    )
    return [
        {"name": name, "params": params, **{action: stats[name, action] for action in ACTIONS}}
        for name, params, *_ in methods
    ]


def login_latency():
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"})
    client = app.test_client()
    form = {"user_id": "alice", "user_name": "앨리스", "password": PASSWORD, "repassword": PASSWORD}
    assert client.post("/auth/register", data=form).status_code == 302
    stored_hash = app.extensions["users"]["alice"].password_hash

    def login(user_id, password, status):
        def post():
            response = client.post("/auth/login", data={"user_id": user_id, "password": password})
            # A wrong status would time the wrong path: stop rather than report it.
            assert response.status_code == status, (user_id, response.status_code)

        return post

    stats = measure(
        {
            "check": lambda: check_password_hash(stored_hash, PASSWORD),
            "known": login("alice", PASSWORD, 302),
            "wrong": login("alice", "wrong-password-1", 200),
            "unknown": login("nobody", PASSWORD, 200),
        }
    )
    return {"step": __version__, **stats}


if __name__ == "__main__":
    result = {"methods": hash_methods(), "login": login_latency()}
    with open(sys.argv[1], "w") as out:
        json.dump(result, out, ensure_ascii=False, indent=1)
