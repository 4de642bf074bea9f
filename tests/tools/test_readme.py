"""The README's shell commands, run as written, so that the README works on a stock machine.

Every ```bash block of README.md runs, except the commands CI cannot run, each named below with why:
- a server (serve, app, cluster, flask run, http.server) is started, must answer on its port, and is stopped;
- commands that make files (venvs, installs, the sessions' own venvs) run in a copy of the checkout;
- `diff -ru` reads the checkout itself: a test run must leave nothing in steps/ that the diff would list;
- installs of nox go to temporary folders and must give a `nox` that runs.
PowerShell blocks are the Windows spelling of bash blocks beside them: CI runs on Linux and does not run them.
"""

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest
from conftest import env_without_flask, port_is_open

from noxfile import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands CI does not run from here, and why. Their session names are still checked (below).
NOT_RUN = {
    r"nox": "CI의 명령 그 자체입니다: .ci/run이 `nox`를 돌립니다 (아래 테스트가 확인)",
    r'nox -s "(tests|stress)\(.*': "`nox`가 CI에서 돌리는 세션입니다",
    r"nox -s check -- .*": "배우는 사람의 폴더가 필요합니다 (test_check.py가 단계의 복사본으로 돌립니다)",
    r"sudo .*": "관리자 권한으로 시스템을 바꿉니다: .ci/run이 합니다",
}
# Servers do not end: started, asked for a page on each port, stopped.
SERVERS = {
    r"nox -s serve": [8000],
    r"nox -s app -- \S+": [5000],
    r"nox -s app -- \S+ (?P<port>\d+)": [],
    r"nox -s cluster -- \S+": [5001, 5002],
    r"flask --app googlekaap run": [5000],
    r"python3 -m http\.server .* (?P<port>\d+)": [],
}
START_LIMIT = 300  # seconds for a first `nox -s serve` to install and build: a limit, not a claim about speed


def shell_blocks(language):
    """The command lines of each fenced block in `language`, comments dropped, in README order."""
    blocks, lines, current = [], None, None
    for line in README.splitlines():
        stripped = line.strip()
        if lines is None and stripped.startswith("```"):
            current, lines = stripped[3:].strip(), []
        elif lines is not None and stripped == "```":
            if current == language:
                blocks.append(lines)
            lines = None
        elif lines is not None and stripped and not stripped.startswith("#"):
            lines.append(re.sub(r"\s+#\s.*$", "", stripped))
    return blocks


BASH = shell_blocks("bash")


def matches(patterns, command):
    return next((value for pattern, value in patterns.items() if re.fullmatch(pattern, command)), None)


def ports_of(command):
    """The ports a server command listens on, or None when the command is not a server."""
    for pattern, ports in SERVERS.items():
        match = re.fullmatch(pattern, command)
        if match:
            return [int(match["port"])] if "port" in match.groupdict() else ports
    return None


@pytest.fixture(scope="module")
def checkout_copy(tmp_path_factory):
    """The checkout as it is now, without venvs, builds and caches: where commands may make files."""
    copy = tmp_path_factory.mktemp("readme") / "googlekaap"
    ignore = shutil.ignore_patterns(
        ".git", ".nox", ".venv", "site", "artifacts", "__pycache__", ".*_cache", ".hypothesis", ".cache"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    return copy


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def run_server(script, ports, cwd, env, log):
    """Run `script`, whose last command is a server: each port must answer GET / with 200; then stop it."""
    busy = [port for port in ports if port_is_open(port)]
    assert not busy, f"포트 {busy}를 이미 다른 프로그램이 씁니다: 그 프로그램을 멈추고 다시 돌리세요"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["bash", "-c", script],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_LIMIT
        while not all(answers(port) for port in ports):
            assert process.poll() is None, f"the server exited ({process.returncode}):\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no answer on {ports}:\n{log.read_text()}"
            time.sleep(0.5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    deadline = time.monotonic() + 30
    while any(port_is_open(port) for port in ports) and time.monotonic() < deadline:
        time.sleep(0.2)


def test_the_readme_shows_its_commands_in_bash_blocks():
    assert len(BASH) >= 8, "the README's ```bash blocks are not found"
    assert ["nox -s serve"] in BASH and ["nox"] in BASH, (
        "the two main commands: read the lessons, run the tests"
    )


@pytest.mark.parametrize("lines", BASH, ids=lambda lines: lines[0][:40])
def test_each_bash_block_works_as_written(lines, checkout_copy, tmp_path):
    skipped = [(line, matches(NOT_RUN, line)) for line in lines if matches(NOT_RUN, line)]
    if skipped:
        assert len(skipped) == len(lines) or all(
            ports_of(line) for line in lines if not matches(NOT_RUN, line)
        ), f"a block mixes commands CI cannot run with others: {lines}"
        for line in lines:
            if ports_of(line):  # a server beside commands CI does not run (the tests block's cluster)
                run_server(
                    f"exec {line}",
                    ports_of(line),
                    checkout_copy,
                    env_without_flask(),
                    tmp_path / "server.log",
                )
        return
    if lines[0].split()[:2] in (["pipx", "install"], ["uv", "tool"]):
        tool = lines[0].split()[0]
        if shutil.which(tool) is None:
            pytest.skip(f"{tool}가 설치되어 있지 않습니다 (CI는 pip로 nox와 uv를 설치합니다)")
        bin_dir = tmp_path / "bin"
        env = env_without_flask(
            PIPX_HOME=str(tmp_path / "pipx"),
            PIPX_BIN_DIR=str(bin_dir),
            UV_TOOL_DIR=str(tmp_path / "uv-tools"),
            UV_TOOL_BIN_DIR=str(bin_dir),
        )
        for line in lines:
            done = subprocess.run(["bash", "-c", line], env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
        assert subprocess.run([bin_dir / "nox", "--version"], capture_output=True).returncode == 0
        return
    for line in [line for line in lines if line.startswith("diff ")]:
        # Read-only, in the checkout itself: the lesson's change and nothing else (no __pycache__ from tests).
        done = subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 1, done.stderr  # diff: 1 = the folders differ
        only = [row for row in done.stdout.splitlines() if row.startswith("Only in")]
        assert not only, f"{line} lists files only one step has (a `flask run` in a step folder?): {only}"
    lines = [line for line in lines if not line.startswith("diff ")]
    if any("site-zensical" in line for line in lines):  # the README says: after `nox -s docs`
        (checkout_copy / ".nox" / "site-zensical").mkdir(parents=True, exist_ok=True)
        (checkout_copy / ".nox" / "site-zensical" / "index.html").write_text("stand-in for nox -s docs")
    if not lines:
        return
    *before, last = lines
    ports = ports_of(last)
    if ports:
        script = "\n".join(["set -eo pipefail", *before, f"exec {last}"])
        run_server(script, ports, checkout_copy, env_without_flask(), tmp_path / "server.log")
    else:
        script = "\n".join(["set -eo pipefail", *lines])
        done = subprocess.run(
            ["bash", "-c", script], cwd=checkout_copy, env=env_without_flask(), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    left = sorted(
        path.relative_to(checkout_copy).as_posix() for path in (checkout_copy / "steps").rglob("__pycache__")
    )
    assert not left, f"{lines} left bytecode in the step folders, which diff -ru would list: {left}"


def sessions():
    """{session name: is it in plain `nox`} from `nox -l`, names without parameters or Python version."""
    listed = subprocess.run(
        ["nox", "-l", "-f", str(ROOT / "noxfile.py")], capture_output=True, text=True
    ).stdout
    found = {}
    for mark, name in re.findall(r"^([*-]) ([\w]+)", listed, re.MULTILINE):
        found[name] = found.get(name, False) or mark == "*"
    return found, listed.count("\n* ")


def test_every_nox_session_the_readme_names_exists_and_the_session_count_is_right():
    """The table and the blocks name sessions `nox -l` lists; 'Ran N sessions' is what plain `nox` runs."""
    known, selected = sessions()
    named = set(re.findall(r"""nox -s ["']?(\w+)""", README))
    assert named and named <= set(known), f"the README names sessions nox does not have: {named - set(known)}"
    assert f"Ran {selected} sessions" in README


def test_ci_runs_the_readmes_test_command():
    """The README's `nox` is what CI runs (.ci/run ends with it)."""
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in commands if line and not line.startswith("#")]
    assert commands[-1] == "nox"
    assert ["nox"] in BASH


def test_pip_installs_only_into_a_venv():
    """PEP 668: Debian 12, Ubuntu 23.04+ and Homebrew refuse `pip install` into their Python
    (error: externally-managed-environment). CI's Python allows it, so running the command here proves
    nothing: the rule is read from the text. A block may pip-install only after activating a venv."""
    for lines in [*BASH, *shell_blocks("powershell")]:
        activated = False
        for line in lines:
            activated = activated or "activate" in line.lower()
            if re.search(r"\bpip3? install\b", line) and "--user pipx" not in line:
                assert activated, f"pip install outside a venv fails on a stock machine (PEP 668): {line}"
