"""Every task a learner or CI runs. `nox -l` lists them; `nox` runs what CI runs."""

import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The lessons' generators and the learner's report live beside the suite they describe.
sys.path.insert(0, str(ROOT / "tests"))
import lessons  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = False
# A Python that is not installed is skipped (an error on CI, where CI is set), never downloaded.
nox.options.download_python = "never"
# Bytecode caches belong in the venvs and tests/__pycache__ (git-ignored): without them every run
# compiles Flask and friends and rewrites the test modules again (about a second per pytest run).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

STEPS = lessons.step_names()
# bcrypt: no step uses it; one test proves what the v1.0.8 lesson says about its 72-byte limit.
TEST_DEPS = ["pytest", "coverage", "hypothesis", "bcrypt"]
# The fast suite (tests, matrix) runs in a new order every time: pytest-randomly shuffles it and prints
# the seed (`--randomly-seed=N` replays it), so a test that passes only after another one fails in CI
# rather than in a learner's folder. check runs in lesson order and does not install it.
RANDOM_ORDER = ["pytest-randomly"]
# Supported Pythons: `tests` runs on the one that runs nox, `matrix` on the others.
PYTHONS = [v for v in ["3.11", "3.12", "3.13"] if v != "{}.{}".format(*sys.version_info)]
SUITE = ["tests", "--ignore=tests/site", "--ignore=tests/browser", "--ignore=tests/tools"]
FAST = ["-m", "not stress"]
# What `check` runs against a learner's folder: the contract tests, with the Korean report.
CONTRACT = ["-m", "not stress and not reference", "-p", "report"]
# No plugin but the report: the contract tests need none, and those installed cost time (Hypothesis'
# summary alone imports Hypothesis, 0.5 s). Nor a module of stress tests only, which imports Hypothesis.
CONTRACT += ["--disable-plugin-autoload", "--ignore=tests/test_security_fuzz.py"]

# What plain `nox` (and so CI) runs; the longest first, so that the last to start end together.
nox.options.sessions = ["docs", "tools", "e2e_site", "e2e", "stress", "tests", "matrix", "lint"]
# Plain `nox` runs them one per core, each one's output shown when it ends. A session chosen with -s
# (app, serve, check --watch) runs alone, with its output live.
if not any(arg.startswith(("-s", "-e", "--session", "-k", "-t", "--tag")) for arg in sys.argv[1:]):
    nox.options.parallel = "auto"
    nox.options.allow_parallel = True


def step_or_fail(session, name):
    if name not in STEPS:
        session.error(f"알 수 없는 단계입니다: {name!r}. 있는 단계: {', '.join(STEPS)}")
    return name


def install_step(session, step, *packages):
    """Install steps/<step> (and packages) into a venv that holds no other step.

    `nox -R` reuses venvs and skips installs: a venv that once got another step would run this step's
    tests against that one. So a session that installs a second step fails here, on the plain `nox`.
    """
    mark = Path(session.virtualenv.location) / "googlekaap-step"
    if mark.exists() and mark.read_text() != step:
        session.error(
            f"이 가상환경에는 이미 {mark.read_text()}가 있어 {step}를 설치하지 않습니다 "
            "(가상환경 하나에 단계 하나). -R 없이 실행하거나, 단계마다 세션을 나누세요."
        )
    mark.write_text(step)
    session.install(f"./steps/{step}", *packages)


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
    install_step(session, step, *TEST_DEPS, *RANDOM_ORDER)
    run_suite(session, step, session.posargs)


@nox.session(python=PYTHONS)
@nox.parametrize("step", STEPS)
def matrix(session, step):
    """The fast suite of every step on the other supported Pythons; a missing one is skipped (CI: fails)."""
    install_step(session, step, *TEST_DEPS, *RANDOM_ORDER)
    run_suite(session, step, ["-q", *session.posargs], coverage=False)


# gunicorn: the secret-key lesson's start-up claims are checked against it too (it runs on Unix only).
STRESS_DEPS = ['gunicorn; sys_platform != "win32"']


@nox.session
@nox.parametrize("step", STEPS)
def stress(session, step):
    """Slow proofs against one step: server processes (flask run, gunicorn), concurrency, fuzzed bodies."""
    install_step(session, step, *TEST_DEPS, *STRESS_DEPS)
    session.run("pytest", *SUITE, "-m", "stress", *session.posargs, env={"GOOGLEKAAP_STEP": step})


@nox.session
def lint(session):
    """ruff over the steps, the tests, the benchmarks, the session lab's Python and this file."""
    session.install("ruff")
    session.run("ruff", "check", "steps", "tests", "bench", "mutants", "docs/lab", "noxfile.py")
    session.run("ruff", "format", "--check", "steps", "tests", "bench", "mutants", "docs/lab", "noxfile.py")


@nox.session(venv_backend="none")
def diff(session):
    """The unified diff between two steps, coloured on a terminal: nox -s diff -- v1.0.7 v1.0.8"""
    import tempfile

    if len(session.posargs) != 2:
        session.error("사용법: nox -s diff -- v1.0.7 v1.0.8")
    old, new = (step_or_fail(session, name) for name in session.posargs)
    # git is there wherever this repository was cloned, Windows included; GNU diff is not. It diffs a copy
    # without __pycache__ (left by `flask run` in a step folder), under the same steps/<v> paths.
    with tempfile.TemporaryDirectory() as copy:
        for step in (old, new):
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / "steps" / step, Path(copy) / "steps" / step, ignore=ignore)
        session.run(
            *["git", "-C", copy, "--no-pager", "diff", "--no-index", "--color=auto"],
            *[f"steps/{old}", f"steps/{new}"],
            success_codes=[0, 1],
            external=True,
        )


@nox.session
def app(session):
    """Run a step's app on 127.0.0.1:5000, or on another port: nox -s app -- v1.0.8 [5001]"""
    import socket

    # Every step's dependencies first: a venv that a wrong argument stopped is still whole for `nox -R`.
    session.install(*every_step_dependency())
    step = step_or_fail(session, session.posargs[0] if session.posargs else STEPS[-1])
    port = session.posargs[1] if len(session.posargs) > 1 else "5000"
    if not port.isdigit():
        session.error(f"포트는 숫자입니다: {port!r}. 예: nox -s app -- {step} 5001")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", int(port))) == 0:
            session.error(
                f"127.0.0.1:{port}은 다른 프로그램이 쓰고 있습니다 "
                f"(macOS는 AirPlay 수신 모드가 5000을 씁니다). 다른 포트로: nox -s app -- {step} 5001"
            )
    # The step's own folder, not an installed copy: edits reload, and a reused venv (-R) serves any step.
    session.chdir(ROOT / "steps" / step)
    session.run(
        *["flask", "--app", "googlekaap", "run", "--debug", "--host", "127.0.0.1", "--port", port],
        env={"PYTHONDONTWRITEBYTECODE": "1"},
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
    # watchfiles always (it is small): `nox -R -s check -- … --watch` reuses the venv a plain check made.
    session.install(*step_dependencies(step), *TEST_DEPS, "watchfiles")
    env = {"GOOGLEKAAP_STEP": step, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "tests")])}
    pytest = [*SUITE, *CONTRACT, f"--learner-folder={folder}", *pytest_args]
    if watch:
        session.log(f"{folder}를 지켜봅니다: 저장할 때마다 다시 검사합니다. 끝내려면 Ctrl+C.")
        # One long-lived process (tests/report.py): on each save, the section being worked on first.
        session.run("python", "-m", "report", "--watch", str(folder), *pytest, env=env)
        return
    try:
        session.run("python", "-m", "pytest", *pytest, env=env)
    except nox.command.CommandFailed:
        session.error(f"{folder}는 {step}의 검사를 통과하지 못했습니다.")
    session.log(f"{folder}는 {step}의 검사를 모두 통과했습니다.")


def step_dependencies(step):
    import tomllib

    return tomllib.loads((ROOT / "steps" / step / "pyproject.toml").read_text())["project"]["dependencies"]


def every_step_dependency():
    """What any step needs, once: for sessions that run the step folders directly (app, bench)."""
    return sorted({dependency for step in STEPS for dependency in step_dependencies(step)})


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
    install_step(session, step)
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


# Two halves that `nox` runs side by side: each mistake is a whole `check` run.
TOOLS_TESTS = {
    "check": ["tests/tools", "--ignore=tests/tools/test_mistakes.py"],
    "mistakes": ["tests/tools/test_mistakes.py"],
}


@nox.session
@nox.parametrize("part", list(TOOLS_TESTS))
def tools(session, part):
    """Tests of the learner tools (check, diff; the mistakes gallery): each runs nox in a subprocess."""
    session.install("pytest", "nox")
    # `python -m` puts the root on sys.path: the tests import STEPS from this file.
    session.run("python", "-m", "pytest", *TOOLS_TESTS[part], *session.posargs)


# The walk of the step pages (tests/site/test_walk.py) runs the learner's folder and `check`'s tests.
DOCS_DEPS = ["mkdocs-material", "zensical", "nox", *TEST_DEPS, *every_step_dependency()]
BROWSER_DEPS = ["pytest", "playwright", "axe-playwright-python"]


def build_site(session, *mkdocs_args):
    """Generate what the lessons include (step diffs, test lists), then build strictly (warnings fail)."""
    lessons.generate()
    session.run("mkdocs", "build", "--strict", *mkdocs_args, env={"NO_MKDOCS_2_WARNING": "1"})


# The same site built by Zensical, Material for MkDocs' successor: a scratch folder in the project
# (Zensical refuses a site_dir outside it), which `nox -s e2e_site` reuses.
ZENSICAL_SITE = ROOT / ".nox" / "site-zensical"
SITES = {"mkdocs": ROOT / "site", "zensical": ZENSICAL_SITE}


def lesson_sites(*builders):
    """The environment that tells the site checks where each build is (tests/conftest.py, `lesson_site`)."""
    return {"LESSON_SITES": os.pathsep.join(f"{builder}={SITES[builder]}" for builder in builders)}


# The session page's lab runs the step in the browser with Pyodide (the npm package, pinned).
PYODIDE = "314.0.8"
LAB_OFFLINE = (
    "실험실 파일(Pyodide, 패키지)을 받지 못했습니다. 사이트는 그대로 빌드되고, 세션 페이지의 실험실은 "
    "쓸 수 없다고 알려 줍니다. 인터넷이 되는 곳에서 nox -s docs를 다시 실행하세요."
)


@nox.session
def lab(session):
    """The session page's lab: Pyodide (npm) and the step's wheels (PyPI) into docs/lab/runtime/, once."""
    downloads = Path(session.cache_dir) / "lab"
    downloads.mkdir(parents=True, exist_ok=True)
    try:
        # The versions the step resolves to: its dependencies, installed as every session installs them.
        session.install(*step_dependencies(lessons.LAB_STEP), "pip")
        pins = session.run("python", "-m", "pip", "freeze", "--exclude", "pip", silent=True).split()
        download = ["python", "-m", "pip", "download", "--no-deps", "--dest", str(downloads)]
        for pin in pins:
            if lessons.download_of(downloads, pin) is None:
                # MarkupSafe has no pure-Python wheel: its source (the lab takes its .py files).
                binary = (
                    "--no-binary=:all:" if pin.lower().startswith("markupsafe==") else "--only-binary=:all:"
                )
                session.run(*download, binary, pin)
        if lessons.download_of(downloads, f"pyodide=={PYODIDE}") is None:
            npm_pack = ["npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", str(downloads)]
            session.run(*npm_pack, external=True)
    except nox.command.CommandFailed:
        session.warn(LAB_OFFLINE)
        pins = None
    lessons.write_lab(downloads, pins, PYODIDE)
    if pins is not None:
        # Bytecode of Pyodide's standard library and of the packages, made by that Pyodide under node:
        # from source, a browser spent seconds compiling Flask and its imports at every start.
        session.run("node", "docs/lab/compile.mjs", str(lessons.LAB_RUNTIME), external=True)


@nox.session(requires=["lab"])
def docs(session):
    """Strict builds of the lesson site (mkdocs-material into site/, and Zensical), then checks of both."""
    session.install(*DOCS_DEPS)
    build_site(session)
    # Zensical has no --site-dir option: mkdocs.yml takes site_dir from SITE_DIR.
    session.run("zensical", "build", "--strict", "--clean", env={"SITE_DIR": str(ZENSICAL_SITE)})
    # `python -m` puts the root on sys.path: the walk runs `check`'s pytest command from this file.
    session.run("python", "-m", "pytest", "tests/site", *session.posargs, env=lesson_sites(*SITES))


@nox.session(requires=["lab"])
def serve(session):
    """The lesson site on 127.0.0.1:8000."""
    session.install(*DOCS_DEPS)
    lessons.generate()
    # Step edits reload the included code; the diffs and test lists refresh on the next `nox -s serve`.
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", "--watch", "steps")


def provide_chromium(session):
    """Debian's chromium where it is installed (CI); elsewhere Playwright's own build, fetched once.

    CI never downloads a browser: there a missing chromium fails the browser tests with a hint.
    """
    if shutil.which("chromium") is None and "CI" not in os.environ:
        session.run_install("playwright", "install", "chromium")


@nox.session
@nox.parametrize("step", STEPS)
def e2e(session, step):
    """One step in real chromium: the login flow, and accessibility (axe-core) of its pages."""
    install_step(session, step, *BROWSER_DEPS)
    provide_chromium(session)
    browser_tests = ["tests/browser", *(f"--ignore=tests/{file}" for file in lessons.SITE_BROWSER_FILES)]
    session.run("pytest", *browser_tests, *session.posargs, env={"GOOGLEKAAP_STEP": step})


@nox.session(requires=["docs"])
@nox.parametrize("builder", list(SITES))
def e2e_site(session, builder):
    """The lesson site as `docs` built it, in real chromium: pages, search, diagrams, accessibility."""
    session.install(*BROWSER_DEPS)
    provide_chromium(session)
    site_tests = [f"tests/{file}" for file in lessons.SITE_BROWSER_FILES]
    session.run("pytest", *site_tests, *session.posargs, env=lesson_sites(builder))


@nox.session(requires=["lab"])
def bench(session):
    """Benchmarks: prints Markdown tables (also into docs/measured/bench.md), never a pass/fail on time."""
    import json
    import time

    # bcrypt and argon2-cffi only to compare with Werkzeug's methods; no step depends on them.
    # pip downloads Flask's sdist: its tutorial's tests (flaskr) are the yardstick for time per test.
    # DOCS_DEPS already holds every step's dependencies and TEST_DEPS (bcrypt among them); playwright
    # (BROWSER_DEPS): the session lab in chromium.
    session.install(*DOCS_DEPS, *BROWSER_DEPS, "argon2-cffi", "pip", "watchfiles")
    provide_chromium(session)
    results = Path(session.create_tmp()) / "bench"
    results.mkdir(exist_ok=True)
    timings = {"suite": {}}
    for step in STEPS:
        # Each step from its own folder, so one venv measures them all (also with -R); its bytecode
        # goes to the results, not into steps/.
        env = {"PYTHONPATH": str(ROOT / "steps" / step), "PYTHONPYCACHEPREFIX": str(results / "pycache")}
        # Timed as a learner's second run: a collect-only warm-up compiles and caches the bytecode.
        run_suite(session, step, ["-q", "--collect-only"], env=env, coverage=False)
        start = time.perf_counter()
        junit = f"--junitxml={results / f'suite-{step}.xml'}"
        run_suite(session, step, ["-q", "-p", "no:cacheprovider", junit], env=env, coverage=False)
        timings["suite"][step] = time.perf_counter() - start
        session.run("python", "bench/server.py", str(results / f"server-{step}.json"), env=env)
        # `check` on a copy of the step with one mistake: one-shot, and under --watch from a save to the
        # verdict on the section being worked on and to the end of the new report.
        session.run("python", "bench/watch.py", step, str(results / f"watch-{step}.json"))
    session.run("python", "bench/flaskr.py", session.create_tmp(), str(results))
    # The latest step (env) is the one whose login is measured against the hash methods.
    session.run("python", "bench/hashing.py", str(results / "hashing.json"), env=env)
    start = time.perf_counter()
    # Into a temporary folder: site/ belongs to `nox -s docs`.
    build_site(session, "--quiet", "--site-dir", str(results / "site"))
    timings["mkdocs"] = time.perf_counter() - start
    start = time.perf_counter()
    session.run("zensical", "build", "--strict", "--clean", env={"SITE_DIR": str(results / "zensical")})
    timings["zensical"] = time.perf_counter() - start
    # The session page's lab in chromium, in each build: time to ready and to the first response, bytes.
    for builder, site in [("mkdocs", results / "site"), ("zensical", results / "zensical")]:
        session.run("python", "bench/lab.py", str(site), str(results / f"lab-{builder}.json"))
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
