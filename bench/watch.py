"""`nox -s check`, one-shot and `--watch`: how long a learner waits.

Usage: python bench/watch.py STEP OUT.json
Against a copy of the step with one mistake in it (the id pattern ends in `$`, not `\\Z`: the forms
section, the one with the most tests), in this venv and with the commands the check session runs:
- one-shot: the check's pytest run, ONESHOT times, wall seconds each (nox's own start-up not included);
- watch: the long-lived watcher; the file is saved ROUNDS times, alternately fixing and making the mistake
  again, and each save is timed until the verdict on the section being worked on, and until the report's
  last line.
"""

import json
import os
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
from report import LAST_LINE, VERDICT  # noqa: E402

from noxfile import CONTRACT, SUITE  # noqa: E402  (the exact commands check runs)

ONESHOT = 3
ROUNDS = 8
FORM = "googlekaap/forms/auth_form.py"
RIGHT, WRONG = r'"[A-Za-z0-9_.-]+\Z"', r'"[A-Za-z0-9_.-]+$"'
REPORT_END = LAST_LINE.split("{")[0]


def main(step, out):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mine"
        shutil.copytree(ROOT / "steps" / step, folder, ignore=shutil.ignore_patterns("__pycache__"))
        form = folder / FORM
        form.write_text(form.read_text().replace(RIGHT, WRONG))
        env = {
            **os.environ,
            "GOOGLEKAAP_STEP": step,
            "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "tests")]),
        }
        pytest = [*SUITE, *CONTRACT, f"--learner-folder={folder}"]
        oneshot = []
        for _ in range(ONESHOT):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pytest", *pytest], cwd=ROOT, env=env, capture_output=True)
            oneshot.append(time.perf_counter() - start)
        watcher = [sys.executable, "-m", "report", "--watch", str(folder), *pytest]
        verdicts, reports = watch(folder, form, watcher, env)
    result = {
        "step": step,
        "oneshot": oneshot,
        "verdict": verdicts,
        "report": reports,
        "medians": {
            name: statistics.median(values)
            for name, values in [("oneshot", oneshot), ("verdict", verdicts), ("report", reports)]
        },
    }
    Path(out).write_text(json.dumps(result))
    medians = result["medians"]
    print(
        f"check {step}: one-shot {medians['oneshot']:.2f} s (median of {ONESHOT}); --watch, save → verdict "
        f"on the current section {medians['verdict']:.2f} s, → whole report {medians['report']:.2f} s "
        f"(medians of {ROUNDS} saves)"
    )


def watch(folder, form, command, env):
    watcher = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen = {VERDICT: [], REPORT_END: []}
    done = threading.Condition()

    def read():
        for line in watcher.stdout:
            for start, times in seen.items():
                if line.startswith(start):
                    with done:
                        times.append(time.perf_counter())
                        done.notify()

    threading.Thread(target=read, daemon=True).start()
    verdicts, reports = [], []
    try:
        wait_for(done, seen[REPORT_END], 1)  # the first run: everything, in lesson order
        for round_ in range(ROUNDS):
            text = form.read_text()
            fixed = WRONG in text
            saved = time.perf_counter()
            form.write_text(text.replace(WRONG, RIGHT) if fixed else text.replace(RIGHT, WRONG))
            wait_for(done, seen[VERDICT], round_ + 1)
            wait_for(done, seen[REPORT_END], round_ + 2)
            verdicts.append(seen[VERDICT][-1] - saved)
            reports.append(seen[REPORT_END][-1] - saved)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    return verdicts, reports


def wait_for(done, times, count, timeout=120):
    with done:
        if not done.wait_for(lambda: len(times) >= count, timeout=timeout):
            raise SystemExit(f"no line within {timeout} s")


if __name__ == "__main__":
    main(*sys.argv[1:])
