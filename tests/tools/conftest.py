"""The learner tools are nox sessions, so their tests run nox itself, as a learner would.

This folder is a package (__init__.py), so this conftest does not shadow tests/conftest.py.
The tests import ROOT and STEPS from the noxfile (`nox -s tools` runs `python -m pytest` from the root).
"""

import os
import subprocess
import sys

import pytest

from noxfile import ROOT

# pytest words its assertion messages differently on CI (CI or BUILD_NUMBER set): the reports the
# mistakes gallery commits are what a learner sees on their own machine.
LEARNER_ENV = {name: value for name, value in os.environ.items() if name not in ("CI", "BUILD_NUMBER")}


def nox(envdir, session, *args, reuse=False, env=None):
    """Run `nox -s session -- args`: (exit code, stdout and stderr together)."""
    command = [sys.executable, "-m", "nox", "--no-color", "-f", str(ROOT / "noxfile.py")]
    command += ["--envdir", str(envdir), *(["-r"] if reuse else []), "-s", session, *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    return done.returncode, done.stdout


@pytest.fixture
def run_nox(tmp_path):
    """`run_nox("check", "--", ...)` in fresh venvs under tmp_path."""
    return lambda session, *args: nox(tmp_path / "envs", session, *args)


@pytest.fixture(scope="session")
def run_check(tmp_path_factory):
    """`run_check(step, folder, *pytest_args)`: `nox -s check` in one venv that every test reuses."""
    envdir = tmp_path_factory.mktemp("envs")
    return lambda step, folder, *args: nox(
        envdir, "check", "--", step, str(folder), *args, reuse=True, env=LEARNER_ENV
    )
