"""Every task a learner or CI runs. `nox -l` lists them; `nox` runs what CI runs."""

import os
import shlex
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The lessons' generators and the learner's report live beside the suite they describe.
sys.path.insert(0, str(ROOT / "tests"))
import lessons  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = False

STEPS = lessons.step_names()
# bcrypt: no step uses it; one test proves what the v1.0.8 lesson says about its 72-byte limit.
TEST_DEPS = ["pytest", "coverage", "hypothesis", "bcrypt"]
SUITE = ["tests", "--ignore=tests/site", "--ignore=tests/browser", "--ignore=tests/tools"]
FAST = ["-m", "not stress"]
# What `check` runs against a learner's folder: the contract tests, with the Korean report.
CONTRACT = ["-m", "not stress and not reference", "-p", "report"]

# What plain `nox` (and so CI) runs.
nox.options.sessions = ["tests", "stress", "lint", "docs", "e2e", "tools"]


def step_or_fail(session, name):
    if name not in STEPS:
        session.error(f"알 수 없는 단계입니다: {name!r}. 있는 단계: {', '.join(STEPS)}")
    return name


def run_suite(session, step, args, env=None, coverage=True):
    """Run the one suite as `step` against the googlekaap importable in this venv.

    With coverage (our steps), anything below 100 % branch coverage of googlekaap fails the run.
    """
    env = {"GOOGLEKAAP_STEP": step, **(env or {})}
    pytest = ["pytest", *SUITE, *FAST, *args]
    if not coverage:
        session.run(*pytest, env=env)
        return
    env["COVERAGE_FILE"] = str(Path(session.create_tmp()) / ".coverage")
    session.run("coverage", "run", "--branch", "--source=googlekaap", "-m", *pytest, env=env)
    session.run("coverage", "report", "--show-missing", "--fail-under=100", env=env)


@nox.session
@nox.parametrize("step", STEPS)
def tests(session, step):
    """The behavioural suite against one step, installed from steps/<step> into a fresh venv."""
    session.install(f"./steps/{step}", *TEST_DEPS)
    run_suite(session, step, session.posargs)


@nox.session
@nox.parametrize("step", STEPS)
def stress(session, step):
    """Slow proofs against one step: two server processes, concurrent registrations, fuzzed bodies."""
    session.install(f"./steps/{step}", *TEST_DEPS)
    session.run("pytest", *SUITE, "-m", "stress", *session.posargs, env={"GOOGLEKAAP_STEP": step})


@nox.session
def lint(session):
    """ruff over the steps, the tests, the benchmarks and this file."""
    session.install("ruff")
    session.run("ruff", "check", "steps", "tests", "bench", "mutants", "noxfile.py")
    session.run("ruff", "format", "--check", "steps", "tests", "bench", "mutants", "noxfile.py")


@nox.session(venv_backend="none")
def diff(session):
    """The unified diff between two steps: nox -s diff -- v1.0.7 v1.0.8"""
    if len(session.posargs) != 2:
        session.error("사용법: nox -s diff -- v1.0.7 v1.0.8")
    old, new = (step_or_fail(session, name) for name in session.posargs)
    # GNU diff colours only on a terminal (--color=auto), so piped or saved output stays a clean patch.
    session.run(
        "diff",
        "-ru",
        "--exclude=__pycache__",
        "--color=auto",
        f"steps/{old}",
        f"steps/{new}",
        success_codes=[0, 1],
        external=True,
    )


@nox.session
def app(session):
    """Run a step's app on 127.0.0.1:5000: nox -s app -- v1.0.8"""
    step = step_or_fail(session, session.posargs[0] if session.posargs else STEPS[-1])
    session.install(f"./steps/{step}")
    session.run(
        "flask",
        "--app",
        "googlekaap",
        "run",
        "--debug",
        "--host",
        "127.0.0.1",
        "--port",
        "5000",
    )


@nox.session
def check(session):
    """The contract tests of a step against a learner's folder: nox -s check -- v1.0.7 PATH [--watch] [-v]"""
    if len(session.posargs) < 2:
        session.error("사용법: nox -s check -- v1.0.7 ~/my-googlekaap [--watch]")
    step = step_or_fail(session, session.posargs[0])
    folder = Path(session.posargs[1]).expanduser().resolve()
    watch = "--watch" in session.posargs[2:]
    pytest_args = [arg for arg in session.posargs[2:] if arg != "--watch"]
    if not folder.is_dir():
        session.error(f"폴더가 없습니다: {folder}")
    if not (folder / "googlekaap" / "__init__.py").is_file():
        session.error(f"{folder} 안에 googlekaap 패키지(googlekaap/__init__.py)가 없습니다.")
    # The learner's files are imported as they are on disk (PYTHONPATH), with the step's own
    # dependencies: one way for both layouts, and their pyproject.toml (if any) cannot break the build.
    session.install(*step_dependencies(step), *TEST_DEPS, *(["watchfiles"] if watch else []))
    env = {"GOOGLEKAAP_STEP": step, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "tests")])}
    pytest = ["pytest", *SUITE, *CONTRACT, f"--learner-folder={folder}", *pytest_args]
    if watch:
        session.log(f"{folder}를 지켜봅니다: 저장할 때마다 다시 검사합니다. 끝내려면 Ctrl+C.")
        # watchfiles reruns the command on every change under the folder (Python, templates, anything).
        command = shlex.join(["python", "-m", *pytest])
        session.run("watchfiles", "--filter", "default", command, str(folder), env=env)
        return
    try:
        session.run("python", "-m", *pytest, env=env)
    except nox.command.CommandFailed:
        session.error(f"{folder}는 {step}의 검사를 통과하지 못했습니다. 위 보고서의 ✗ 절을 읽어 보세요.")
    session.log(f"{folder}는 {step}의 검사를 모두 통과했습니다.")


def step_dependencies(step):
    import tomllib

    return tomllib.loads((ROOT / "steps" / step / "pyproject.toml").read_text())["project"]["dependencies"]


CLUSTER_PORTS = [5001, 5002]
CLUSTER_HELP = """
두 서버가 같은 SECRET_KEY로 떠 있습니다: http://127.0.0.1:5001 과 http://127.0.0.1:5002
  1. 5001에서 회원가입하세요.
  2. 5002를 여세요: 로그인되어 있습니다 (세션은 브라우저의 쿠키에 있습니다).
  3. 로그아웃한 뒤 5002에서 같은 아이디로 로그인하세요: 실패합니다 (사용자는 5001의 메모리에만 있습니다).
  4. Ctrl+C로 두 서버를 함께 멈춥니다. 다시 켜면 가입한 사용자는 사라집니다.
"""


@nox.session
def cluster(session):
    """Two servers of one step, to see the load-balancer lesson by hand: nox -s cluster -- v1.0.7"""
    import os
    import secrets
    import subprocess
    import time

    step = step_or_fail(session, session.posargs[0] if session.posargs else STEPS[-1])
    session.install(f"./steps/{step}")
    # One key for both, as behind a load balancer; a fresh one each run, never the dev default.
    env = {**os.environ, "FLASK_SECRET_KEY": secrets.token_hex(16)}
    flask = [str(Path(session.bin) / "python"), "-m", "flask", "--app", "googlekaap", "run"]
    servers = [
        subprocess.Popen([*flask, "--host", "127.0.0.1", "--port", str(port)], env=env)
        for port in CLUSTER_PORTS
    ]
    session.log(CLUSTER_HELP)
    try:
        while all(server.poll() is None for server in servers):
            time.sleep(0.5)
    except KeyboardInterrupt:
        session.log("두 서버를 멈췄습니다.")
        return
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    session.error(
        "서버 하나가 멈춰서 둘 다 멈췄습니다. 포트 5001, 5002를 다른 프로그램이 쓰고 있지 않은지 확인하세요."
    )


@nox.session
def tools(session):
    """Tests of the learner tools (check, diff): each runs nox itself in a subprocess."""
    session.install("pytest", "nox")
    # `python -m` puts the root on sys.path: the tests import STEPS from this file.
    session.run("python", "-m", "pytest", "tests/tools", *session.posargs)


DOCS_DEPS = ["mkdocs-material", "pytest", "nox"]


def build_site(session, *mkdocs_args):
    """Generate what the lessons include (step diffs, test lists), then build strictly (warnings fail)."""
    lessons.generate()
    session.run("mkdocs", "build", "--strict", *mkdocs_args, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def docs(session):
    """Strict build of the lesson site (into site/), then its checks."""
    session.install(*DOCS_DEPS)
    build_site(session)
    session.run("pytest", "tests/site", *session.posargs)


@nox.session
def serve(session):
    """The lesson site on 127.0.0.1:8000."""
    session.install(*DOCS_DEPS)
    lessons.generate()
    # Step edits reload the included code; the diffs and test lists refresh on the next `nox -s serve`.
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", "--watch", "steps")


@nox.session
def e2e(session):
    """Browser tests in real chromium: the login flow of every step and the lesson site."""
    # Debian's /usr/bin/chromium when present; never `playwright install` here (it downloads a browser).
    session.install("playwright", *DOCS_DEPS)
    for step in STEPS:
        session.install(f"./steps/{step}")
        session.run(
            "pytest",
            "tests/browser/test_login_flow.py",
            "tests/browser/test_devtools.py",
            *session.posargs,
            env={"GOOGLEKAAP_STEP": step},
        )
    build_site(session)
    session.run("pytest", "tests/browser/test_lesson_site.py", *session.posargs)


@nox.session
def bench(session):
    """Benchmarks: prints Markdown tables (also into docs/measured/bench.md), never a pass/fail on time."""
    import json
    import time

    # bcrypt and argon2-cffi only to compare with Werkzeug's methods; no step depends on them.
    session.install(*TEST_DEPS, *DOCS_DEPS, "bcrypt", "argon2-cffi")
    results = Path(session.create_tmp()) / "bench"
    results.mkdir(exist_ok=True)
    timings = {"suite": {}}
    for step in STEPS:
        session.install(f"./steps/{step}")
        start = time.perf_counter()
        run_suite(session, step, ["-q", f"--junitxml={results / f'suite-{step}.xml'}"], coverage=False)
        timings["suite"][step] = time.perf_counter() - start
        session.run("python", "bench/server.py", str(results / f"server-{step}.json"))
    # The latest step is installed now: its login is the one measured against the hash methods.
    session.run("python", "bench/hashing.py", str(results / "hashing.json"))
    start = time.perf_counter()
    # Into a temporary folder: site/ belongs to `nox -s docs`.
    build_site(session, "--quiet", "--site-dir", str(results / "site"))
    timings["mkdocs"] = time.perf_counter() - start
    (results / "timings.json").write_text(json.dumps(timings))
    session.run("python", "bench/report.py", str(results), "artifacts/bench.md", "docs/measured/bench.md")


# --- nox -s mutants (issue 13): not in plain `nox`; tens of minutes on two cores. ---
@nox.session
def mutants(session):
    """Mutation testing with the fast suite, per step: cosmic-ray for Python, mutants/run.py for the rest."""
    session.install("cosmic-ray", *TEST_DEPS)
    for step in session.posargs or STEPS:
        # The step is imported from a mutated copy (PYTHONPATH), so only its dependencies are installed.
        session.install(*step_dependencies(step_or_fail(session, step)))
        work = Path(session.create_tmp()) / step
        suite = [*SUITE, *FAST, "-x", "-q", "-p", "no:cacheprovider"]  # the first failure kills the mutant
        session.run("python", "mutants/run.py", step, str(work), "--", *suite)
