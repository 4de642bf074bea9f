"""Flask's own tutorial (flaskr) and its tests, as the yardstick for our suite's time per test.

Usage: python bench/flaskr.py WORK_DIR RESULTS_DIR
Downloads the sdist of the installed Flask from PyPI with pip (once per WORK_DIR), unpacks its
examples/tutorial and runs flaskr's tests there: pytest's junit XML into RESULTS_DIR/suite-flaskr.xml,
the wall seconds of that run (as `nox -s bench` times our suites) into RESULTS_DIR/flaskr.json.
"""

import json
import subprocess
import sys
import tarfile
import time
from importlib.metadata import version
from pathlib import Path


def tutorial(work):
    flask = version("flask")
    folder = work / f"flask-{flask}" / "examples" / "tutorial"
    if not folder.is_dir():
        command = [sys.executable, "-m", "pip", "download", f"flask=={flask}", "--no-binary", ":all:"]
        subprocess.run([*command, "--no-deps", "--quiet", "--dest", str(work)], check=True)
        with tarfile.open(work / f"flask-{flask}.tar.gz") as sdist:
            sdist.extractall(work, filter="data")
    return folder


def main(work, results):
    folder = tutorial(work)
    # `python -m pytest` from the tutorial folder: flaskr imports from there, with flaskr's own settings.
    # Hypothesis (in this venv for our suite) is left out: flaskr does not use it.
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
    # Timed as our suites are: a collect-only warm-up first, so the bytecode is compiled and cached.
    subprocess.run([*pytest, "--collect-only"], cwd=folder, check=True)
    start = time.perf_counter()
    subprocess.run([*pytest, f"--junitxml={results / 'suite-flaskr.xml'}"], cwd=folder, check=True)
    seconds = time.perf_counter() - start
    (results / "flaskr.json").write_text(json.dumps({"flask": version("flask"), "seconds": seconds}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]).resolve())
