"""`nox -s check -- <step> <folder> --watch`: seconds from saving a file to the end of the new report.

Usage: python bench/watch.py STEP OUT.json
Runs, in this venv, the same watchfiles command that the check session runs, against a copy of the
step, saves a file ROUNDS times, and times each save until the report's last line is printed.
"""

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from noxfile import CONTRACT, SUITE  # noqa: E402  (the exact command check runs)

ROUNDS = 7
REPORT_END = "참조 테스트"  # the report's last line


def main(step, out):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mine"
        shutil.copytree(ROOT / "steps" / step, folder, ignore=shutil.ignore_patterns("__pycache__"))
        pytest = shlex.join(["python", "-m", "pytest", *SUITE, *CONTRACT])
        env = {
            **os.environ,
            "GOOGLEKAAP_STEP": step,
            "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "tests")]),
        }
        watcher = subprocess.Popen(
            ["watchfiles", "--filter", "default", pytest, str(folder)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        reports = []
        done = threading.Condition()

        def read():
            for line in watcher.stdout:
                if line.startswith(REPORT_END):
                    with done:
                        reports.append(time.perf_counter())
                        done.notify()

        threading.Thread(target=read, daemon=True).start()
        seconds = []
        try:
            wait_for(done, reports, 1)
            route = folder / "googlekaap" / "routes" / "base_route.py"
            for round_ in range(ROUNDS):
                saved = time.perf_counter()
                route.write_text(route.read_text() + f"\n# save {round_}\n")
                wait_for(done, reports, round_ + 2)
                seconds.append(reports[-1] - saved)
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
    Path(out).write_text(json.dumps({"step": step, "seconds": seconds, "median": statistics.median(seconds)}))
    print(f"watch rerun {step}: median {statistics.median(seconds):.2f} s over {ROUNDS} saves")


def wait_for(done, reports, count, timeout=120):
    with done:
        if not done.wait_for(lambda: len(reports) >= count, timeout=timeout):
            raise SystemExit(f"no report within {timeout} s")


if __name__ == "__main__":
    main(*sys.argv[1:])
