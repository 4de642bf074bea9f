"""The learner tools are nox sessions, so their tests run nox itself, as a learner would.

This folder is a package (__init__.py), so this conftest does not shadow tests/conftest.py.
The tests import ROOT and STEPS from the noxfile (`nox -s tools` runs `python -m pytest` from the root).
"""

import subprocess
import sys

import pytest

from noxfile import ROOT


@pytest.fixture(scope="session")
def envdir(tmp_path_factory):
    """One venv per nox session for all these tests: each run reuses it (and installs what is missing)."""
    return tmp_path_factory.mktemp("envs")


@pytest.fixture
def run_nox(envdir):
    """`run_nox("check", "--", ...)` -> (exit code, stdout and stderr together); venvs go under envdir."""

    def run(session, *args):
        command = [sys.executable, "-m", "nox", "--no-color", "-f", str(ROOT / "noxfile.py")]
        command += ["--envdir", str(envdir), "--reuse-venv=yes", "-s", session, *args]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return done.returncode, done.stdout

    return run
