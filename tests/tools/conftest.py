"""The learner tools are nox sessions, so their tests run nox itself, as a learner would.

This folder is a package (__init__.py), so this conftest does not shadow tests/conftest.py.
The tests import ROOT and STEPS from the noxfile (`nox -s tools` runs `python -m pytest` from the root).
"""

import subprocess
import sys

import pytest

from noxfile import ROOT


@pytest.fixture
def run_nox(tmp_path):
    """`run_nox("check", "--", ...)` -> (exit code, stdout and stderr together); venvs go under tmp_path."""

    def run(session, *args):
        command = [sys.executable, "-m", "nox", "--no-color", "-f", str(ROOT / "noxfile.py")]
        command += ["--envdir", str(tmp_path / "envs"), "-s", session, *args]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return done.returncode, done.stdout

    return run
