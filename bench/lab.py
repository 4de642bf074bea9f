"""The session page's lab in chromium: seconds to ready and to the first response, and the bytes it loads.

Usage: python bench/lab.py SITE_DIR OUT.json
Serves the built site from 127.0.0.1 and counts the bytes it sends. Each round opens the session page in
a fresh context (nothing cached), waits until the page is idle, then times pressing the start button until
the lab says it is ready, and pressing step 1's button until its result is shown (register and log in:
seven requests through the app). The bytes are those sent from the start button to the first response.
"""

import functools
import json
import shutil
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROUNDS = 3
TIMEOUT_MS = 120_000


class CountingHandler(SimpleHTTPRequestHandler):
    sent = 0

    def copyfile(self, source, outputfile):
        data = source.read()
        CountingHandler.sent += len(data)
        outputfile.write(data)

    def log_message(self, *args):
        pass


def one_round(browser, url):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    CountingHandler.sent = 0
    start = time.perf_counter()
    page.get_by_role("button", name="실험실 시작").click()
    status = page.get_by_role("status")
    expect(status.filter(has_text="준비되었습니다")).to_be_visible(timeout=TIMEOUT_MS)
    ready = time.perf_counter() - start
    start = time.perf_counter()
    page.get_by_role("button", name="가입하고 로그인").click()
    expect(status.filter(has_text="로그인했습니다")).to_be_visible(timeout=TIMEOUT_MS)
    first = time.perf_counter() - start
    context.close()
    return {"ready": ready, "first_response": first, "bytes": CountingHandler.sent}


def main(site, out):
    manifest = json.loads((site / "lab" / "runtime" / "lab.json").read_text())
    if "pyodide" not in manifest:
        out.write_text(json.dumps({"unavailable": True}))
        return
    handler = functools.partial(CountingHandler, directory=site)
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--disable-gpu"]
            )
            url = f"http://127.0.0.1:{server.server_port}/session/"
            rounds = [one_round(browser, url) for _ in range(ROUNDS)]
            browser.close()
        server.shutdown()
    result = {
        "pyodide": manifest["pyodide"],
        "rounds": rounds,
        **{key: statistics.median(r[key] for r in rounds) for key in ("ready", "first_response", "bytes")},
    }
    out.write_text(json.dumps(result))
    print(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
