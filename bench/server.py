"""Logins per second of the installed step on a real threaded Werkzeug server on 127.0.0.1.

Usage: python bench/server.py OUT.json
Server and client threads share this one process; the server is stopped before it exits.
"""

import http.client
import json
import logging
import secrets
import sys
import threading
import time
import timeit
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from googlekaap import __version__, create_app
from werkzeug.serving import make_server

PASSWORD = "correct-horse-42"
CLIENTS = 4
# Requests: as many as one client would send in BUDGET seconds, within [MIN_REQUESTS, MAX_REQUESTS].
BUDGET, MIN_REQUESTS, MAX_REQUESTS = 2.0, 40, 400


def post(port, path, fields, status=302):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        body = urllib.parse.urlencode(fields)
        connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != status:
        raise SystemExit(f"POST {path}: {response.status}, expected {status}")


def logins_per_second(port):
    post(
        port,
        "/auth/register",
        {"user_id": "alice", "user_name": "앨리스", "password": PASSWORD, "repassword": PASSWORD},
    )

    def login(_=None):
        post(port, "/auth/login", {"user_id": "alice", "password": PASSWORD})

    single = timeit.timeit(login, number=1)  # also the warm-up
    requests = max(MIN_REQUESTS, min(MAX_REQUESTS, int(BUDGET / single)))
    with ThreadPoolExecutor(CLIENTS) as pool:
        start = time.perf_counter()
        list(pool.map(login, range(requests)))
        seconds = time.perf_counter() - start
    return {"step": __version__, "requests": requests, "clients": CLIENTS, "seconds": seconds}


def main(out):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access-log line per request
    # A real server outside testing: the start-up check wants a key as `secrets.token_hex()` makes.
    app = create_app({"WTF_CSRF_ENABLED": False, "SECRET_KEY": secrets.token_hex()})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        result = logins_per_second(server.server_port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    with open(out, "w") as file:
        json.dump(result, file, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
