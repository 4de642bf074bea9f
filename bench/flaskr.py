"""Flask's own tutorial (flaskr) and its tests, as the yardstick for our suite's time per test.

Usage: python bench/flaskr.py WORK_DIR OUT.xml
Downloads the sdist of the installed Flask from PyPI with pip (once per WORK_DIR), unpacks its
examples/tutorial and runs flaskr's tests there, writing pytest's junit XML to OUT.xml.
"""

import subprocess
import sys
import tarfile
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


def main(work, out):
    folder = tutorial(work)
    # `python -m pytest` from the tutorial folder: flaskr imports from there, with flaskr's own settings.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={out}"]
    subprocess.run(command, cwd=folder, check=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]).resolve())
