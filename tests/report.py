"""The learner's Korean report: a pytest plugin that `nox -s check` loads with `-p report`.

1. Preflight: before any test, the learner's package must import, `create_app()` must give an app, and
   its store must be at `app.extensions["users"]`. If not, one Korean block says what failed, where (the
   learner's file and line), which lesson section explains it and, for known causes, the fix; no test runs.
2. The report opens with what to do next: the first section, in lesson order, that has failures, and
   each distinct cause of them once (one cause = one exception at one place in the learner's code, or
   one failed expectation of a test), with the hint of the test that explains it best. The other
   sections are one line each, and the counts add up to what pytest collected. `-v` shows everything.
3. `python -m report --watch FOLDER PYTEST_ARGS...` (what `check --watch` runs) keeps one process: on
   each save it forgets the learner's modules, runs the section being worked on first and says how it
   went as soon as its tests end, then runs the rest.
"""

import collections.abc
import importlib
import linecache
import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lessons import DOCS, HEADING, ROOT, SERVE_URL, Section, first_line, nav_pages, outline

TESTS = ROOT / "tests"
VERDICT = "지금 고치는 절:"  # the line `--watch` prints as soon as the current section's tests end
LAST_LINE = "테스트 {total}개"  # the report's last line starts so (bench/watch.py waits for it)


def pytest_addoption(parser):
    group = parser.getgroup("report", "the learner's Korean report (nox -s check)")
    group.addoption("--learner-folder", default="", help="the folder under check; preflight runs against it")
    group.addoption(
        "--current-section",
        default="",
        help="page#anchor: run its tests first and report on them as soon as they end (--watch)",
    )


def pytest_configure(config):
    if config.get_verbosity() <= 0:
        config.option.verbose = -2  # no progress lines and no pytest summary line: the report is the output
        config.option.reportchars = ""  # the report lists the failures; pytest's summary would repeat them
        config.option.tbstyle = "no"
    config.pluginmanager.register(LessonReport(config), "lesson-report")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """The preflight: before pytest starts a session, so a broken folder prints only the Korean block."""
    folder = config.getoption("learner_folder")
    if not folder or config.option.collectonly:
        return None
    problem = preflight(Path(folder).resolve(), os.environ.get("GOOGLEKAAP_STEP", ""))
    if problem is None:
        return None
    print("\n".join(problem))
    return pytest.ExitCode.TESTS_FAILED


# --- where things are in the lessons ---------------------------------------------------------------


def page_top(page):
    """The page itself, as a section without an anchor (its title is the page's `# ` heading)."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), page)
    return Section(page, "", title)


def section(page, anchor):
    """The section from the outline, or (an anchor the page does not have yet) one titled by its anchor."""
    if not anchor:
        return page_top(page)
    found = [s for s in outline() if (s.page, s.anchor) == (page, anchor)]
    return found[0] if found else Section(page, anchor, f"#{anchor}")


def read_at(section):
    """The two lines that say where to read: the Markdown source and the `nox -s serve` address."""
    if section.anchor:
        return [f"읽을 곳: {section.title} — {section.source}", f"         {section.url}  (nox -s serve)"]
    path = f"{section.page}/" if section.page != "index" else ""
    return [
        f"읽을 곳: {section.title} — docs/{section.page}.md",
        f"         {SERVE_URL}/{path}  (nox -s serve)",
    ]


def section_about_file(relative, step):
    """The first section that names the learner's file: on the checked step's page first, then any page."""
    names = {relative, relative.removeprefix("googlekaap/")}
    pages = nav_pages()
    ordered = ([step] if step in pages else []) + [page for page in pages if page != step]
    for page in ordered:
        anchor = None
        for line in (DOCS / f"{page}.md").read_text(encoding="utf-8").splitlines():
            if match := HEADING.match(line):
                anchor = match[3]
            elif anchor and any(f"`{name}`" in line or f'"{name}' in line for name in names):
                return section(page, anchor)
    return page_top(step) if step in pages else None


# --- preflight ---------------------------------------------------------------------------------------

USERS_FIX = """\
고치는 법: 강의 노트처럼 모듈에 USERS = []를 두고 쓰는 대신, create_app() 안에서 앱마다 저장소를 새로
  하나 만들고, 라우트는 요청마다 current_app에서 꺼내 쓰세요:
      app.extensions["users"] = {}                       # create_app() 안
      users = current_app.extensions["users"]            # 라우트 안
왜 앱마다 하나인가: 모듈 전역 USERS는 그 모듈을 불러온 모든 앱이 함께 씁니다. create_app()을 두 번 부르면
  (테스트는 테스트마다 부릅니다) 한 앱에 가입한 사용자가 다른 앱에도 보입니다. 딕셔너리(user_id → User)라서
  아이디로 바로 찾고, 같은 아이디가 두 번 들어가지 않습니다."""


@dataclass
class Problem(Exception):
    """Why the folder cannot be checked: what failed, where, the cause, the fix and the section to read."""

    what: str
    section: Section | None
    where: str = ""  # "googlekaap/routes/auth_route.py:12" and the line itself
    cause: str = ""  # the exception as Python names it
    fix: str = ""


def preflight(folder, step):
    """None when the folder can be checked; else the Korean block, as lines."""
    from conftest import cheap_hashing, make_app  # the suite's own app factory call and hashing

    try:
        with cheap_hashing():  # a dummy hash made at import time is made the way the tests hash
            googlekaap = import_learner_package(folder, step)
            app = call_create_app(googlekaap, make_app, folder, step)
            other = make_app(WTF_CSRF_ENABLED=False)  # the contract: two apps share nothing
        find_store(app, other, folder)
    except Problem as problem:
        return problem_block(problem, folder, step)
    return None


def import_learner_package(folder, step):
    try:
        googlekaap = importlib.import_module("googlekaap")
    except SyntaxError as error:
        raise syntax_problem(error, folder, step) from None
    except ImportError as error:
        raise import_problem(error, folder, step) from None
    except BaseException as error:  # noqa: BLE001  (SystemExit too: anything the learner's import raises)
        raise error_problem("googlekaap을 불러오다가 오류가 났습니다", error, folder, step) from None
    if folder not in Path(googlekaap.__file__).resolve().parents:
        raise Problem(f"검사할 폴더가 아닌 곳의 googlekaap을 불러왔습니다: {googlekaap.__file__}", None)
    expected = step.lstrip("v")
    version = getattr(googlekaap, "__version__", None)
    if version != expected:
        where = line_matching(folder / "googlekaap" / "__init__.py", r"^__version__\s*=", folder)
        raise Problem(
            f"{step}을 검사하는데 googlekaap.__version__이 {version!r}입니다",
            # The first step's page writes the version in its first section; a later step's page says to
            # copy the step before it and change the version, at its top.
            section("v1.0.7", "hello") if step == "v1.0.7" else page_top(step),
            where=where,
            fix=f'고치는 법: googlekaap/__init__.py에 __version__ = "{expected}"라고 쓰세요. '
            "앞 단계 폴더를 복사해 시작했다면 버전도 이 단계의 것으로 바꿉니다.",
        )
    return googlekaap


def call_create_app(googlekaap, make_app, folder, step):
    if not callable(getattr(googlekaap, "create_app", None)):
        raise Problem(
            "googlekaap/__init__.py에 create_app 함수가 없습니다",
            section("v1.0.7", "hello"),
            fix="고치는 법: def create_app(test_config=None): 으로 Flask 앱을 만들어 돌려주는 함수를 두세요.",
        )
    try:
        app = make_app(WTF_CSRF_ENABLED=False)
    except SyntaxError as error:
        raise syntax_problem(error, folder, step) from None
    except ImportError as error:
        raise import_problem(error, folder, step) from None
    except SystemExit as error:
        raise Problem(
            "create_app()이 테스트 설정에서 멈췄습니다 (SystemExit)",
            section("v1.0.7", "startup-key-check"),
            where=learner_line(error, folder),
            cause=str(error.code),
            fix='고치는 법: 테스트는 {"TESTING": True, "SECRET_KEY": "test-secret-key"}로 부릅니다. '
            "이 키로는 시작해야 합니다.",
        ) from None
    except Exception as error:  # noqa: BLE001
        raise error_problem("create_app()을 부르다가 오류가 났습니다", error, folder, step) from None
    from flask import Flask

    if not isinstance(app, Flask):
        raise Problem(
            f"create_app()이 Flask 앱이 아니라 {type(app).__name__}을 돌려주었습니다",
            section("v1.0.7", "hello"),
            fix="고치는 법: create_app()의 끝에서 return app을 하세요.",
        )
    return app


def find_store(app, other, folder):
    try:
        store = app.extensions["users"]
    except KeyError:
        raise Problem(
            '사용자 저장소 app.extensions["users"]가 없습니다',
            section("v1.0.7", "memory-store"),
            where=module_level_users(folder),
            cause="KeyError: 'users'",
            fix=USERS_FIX,
        ) from None
    if not isinstance(store, collections.abc.Mapping) and not all(
        hasattr(store, name) for name in ("__getitem__", "__setitem__", "__contains__", "get", "values")
    ):
        raise Problem(
            f'app.extensions["users"]가 매핑(user_id → User)이 아니라 {type(store).__name__}입니다',
            section("v1.0.7", "memory-store"),
            fix='고치는 법: app.extensions["users"] = {}처럼 딕셔너리로 만드세요 (users["alice"]로 찾기).',
        )
    if other.extensions.get("users") is store:
        raise Problem(
            'create_app()을 두 번 불렀더니 두 앱이 app.extensions["users"]에 같은 저장소를 두었습니다',
            section("v1.0.7", "memory-store"),
            where=module_level_users(folder),
            fix=USERS_FIX,
        )
    if len(store):
        raise Problem(
            f'새로 만든 앱의 app.extensions["users"]에 이미 {len(store)}명이 있습니다: {sorted(store)[:3]}',
            section("v1.0.7", "memory-store"),
            where=module_level_users(folder),
            fix="고치는 법: create_app()마다 빈 저장소를 새로 만드세요 (테스트는 빈 저장소에서 시작합니다).",
        )


def syntax_problem(error, folder, step):
    path = Path(error.filename or "").resolve()
    relative = relative_to(path, folder)
    where = f"{relative}:{error.lineno}"
    if error.text and error.text.strip():
        where += "\n" + error.text.strip()
        if error.offset:
            column = max(error.offset - 1 - (len(error.text) - len(error.text.lstrip())), 0)
            where += "\n" + " " * column + "^"
    kind = "들여쓰기" if isinstance(error, IndentationError) else "문법"
    return Problem(
        f"{relative}에 파이썬 {kind} 오류가 있어 googlekaap을 불러오지 못했습니다",
        section_about_file(relative, step),
        where=where,
        cause=f"{type(error).__name__}: {error.msg}",
        fix="고치는 법: 이 줄(또는 바로 윗줄)의 괄호·따옴표·콜론(:)·들여쓰기를 확인하세요.",
    )


def import_problem(error, folder, step):
    where = learner_line(error, folder)
    importer = where.split(":")[0] if where else None
    name = error.name or ""
    missing = re.search(r"cannot import name '(\w+)'", str(error))
    if "partially initialized module" in str(error):
        fix = (
            "고치는 법: 두 파일이 서로를 import하고 있습니다(순환 import). create_app() 안에서 import하세요."
        )
    elif missing:
        fix = f"고치는 법: {name}에 {missing[1]}이(가) 없습니다. 이름의 철자와 그 파일의 정의를 확인하세요."
    elif name == "googlekaap" or name.startswith("googlekaap."):
        path = name.replace(".", "/")
        fix = f"고치는 법: {path}.py 파일(또는 {path} 폴더)이 없습니다. 경로의 철자를 확인하세요."
    else:
        fix = (
            f"고치는 법: {name} 패키지는 검사 환경에 없습니다. 검사는 그 단계의 pyproject.toml에 든 "
            "의존성만 설치합니다: 이름의 철자를 확인하세요."
        )
    return Problem(
        f"{importer or 'googlekaap'}의 import가 실패했습니다",
        section_about_file(importer, step) if importer else None,
        where=where,
        cause=f"{type(error).__name__}: {error}",
        fix=fix,
    )


def error_problem(what, error, folder, step):
    where = learner_line(error, folder)
    return Problem(
        what,
        section_about_file(where.split(":")[0], step) if where else None,
        where=where,
        cause=f"{type(error).__name__}: {error}",
        fix=ERROR_HINTS.get(type(error).__name__, ""),
    )


def problem_block(problem, folder, step):
    lines = ["", f"== googlekaap {step} 검사: {folder} ==", f"✗ 검사를 시작하지 못했습니다: {problem.what}"]
    if problem.where:
        lines += labelled("  파일: ", problem.where)
    if problem.cause:
        lines.append(f"  원인: {problem.cause}")
    if problem.fix:
        lines += ["  " + line for line in problem.fix.splitlines()]
    if problem.section:
        lines += ["  " + line for line in read_at(problem.section)]
    lines.append("테스트는 하나도 돌리지 않았습니다: 고친 뒤 다시 검사하세요.")
    return lines


def labelled(label, text):
    """`label` before the first line of `text`, the other lines under the first one."""
    first, *rest = text.splitlines()
    return [label + first, *(" " * len(label) + line for line in rest)]


def relative_to(path, folder):
    return path.relative_to(folder).as_posix() if folder in path.parents else str(path)


def learner_line(error, folder):
    """ "file:line" of the last frame of the error's traceback inside the learner's folder, and that line."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename).resolve()
        if folder in path.parents:
            found = (path, tb.tb_lineno)
        tb = tb.tb_next
    return with_source(*found, folder) if found else ""


def with_source(path, lineno, folder):
    line = linecache.getline(str(path), lineno).strip()
    return f"{relative_to(path, folder)}:{lineno}" + (f"\n{line}" if line else "")


def line_matching(path, pattern, folder):
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(pattern, line):
            return with_source(path, lineno, folder)
    return ""


def module_level_users(folder):
    """Where the learner keeps a module-level user list or dict (the course's USERS = []), if anywhere."""
    for path in sorted((folder / "googlekaap").rglob("*.py")):
        where = line_matching(path, r"^\w*(?i:users)\w*\s*(:[^=]*)?=", folder)
        if where:
            return where
    return ""


# --- causes --------------------------------------------------------------------------------------

ERROR_HINTS = {
    "NameError": "정의하지 않은 이름을 썼습니다: 그 파일 맨 위에 import가 빠졌거나 철자가 다릅니다.",
    "KeyError": "딕셔너리(또는 세션·설정)에 없는 키를 읽었습니다: 키의 철자와, 그 값을 넣는 곳을 확인하세요.",
    "AttributeError": "그 객체에 없는 속성이나 메서드를 썼습니다: 이름의 철자와 객체의 종류를 확인하세요.",
    "TypeError": "함수에 맞지 않는 인자를 주었습니다: 인자의 개수와 이름을 확인하세요.",
    "BuildError": "url_for()에 준 이름의 라우트가 없습니다: '블루프린트 이름.함수 이름'인지 확인하세요.",
    "TemplateNotFound": "그 이름의 템플릿 파일이 없습니다: googlekaap/templates/ 아래의 경로를 확인하세요.",
    "TemplateSyntaxError": "템플릿의 {% %} 또는 {{ }} 문법이 틀렸습니다: 닫는 태그와 괄호를 확인하세요.",
    "UndefinedError": "템플릿에 넘기지 않은 변수를 썼습니다: render_template(..., 이름=값)을 확인하세요.",
    "FrozenInstanceError": "frozen 데이터 클래스의 필드에 값을 넣었습니다.",
}


@dataclass
class Cause:
    """One reason for failures: many tests may fail for it, in many sections."""

    text: str  # what went wrong, in Korean where the test says it
    where: str  # the learner's file and line (an error), or the test's line (an expectation)
    detail: str  # pytest's own account of it, shown with -v
    items: list = field(default_factory=list)


def cause_of(excinfo, folder):
    """(key, text, where, detail) of a failure: the same key is the same cause.

    An error (any exception but a test's failed assert) is keyed by its type, message and the last line
    of the learner's code it went through; a failed expectation by its message (the tests word one
    expectation the same wherever they check it), or the line of the test's assert when it has none.
    """
    error = excinfo.value
    detail = str(error).strip()
    learner = None
    test_side = None
    for entry in excinfo.traceback:
        path = Path(str(entry.path)).resolve()
        if folder and folder in path.parents:
            learner = (path, entry.lineno + 1)
        elif TESTS in path.parents:
            test_side = (path, entry.lineno + 1)
    raised_by_test = isinstance(error, AssertionError) and learner is None
    if raised_by_test and test_side:
        path, lineno = test_side
        message = detail.split("\nassert ")[0] if not detail.startswith("assert ") else ""
        source = linecache.getline(str(path), lineno).strip()
        text = message or f"테스트가 기대한 것과 다릅니다: {source}"
        key = ("expect", message) if message else ("expect", *test_side)
        return key, text, "", f"{relative_to(path, ROOT)}:{lineno}\n{detail}"
    type_name = type(error).__name__
    text = f"{type_name}: {error}"
    if type_name in ERROR_HINTS:
        text += f"\n{ERROR_HINTS[type_name]}"
    # Where the learner's code raised it; an error in the tests' own code is located under -v only.
    where = with_source(*learner, folder) if learner else ""
    if test_side and not learner:
        detail = f"{relative_to(test_side[0], ROOT)}:{test_side[1]}\n{detail}"
    return ("error", type_name, str(error), learner or test_side), text, where, detail


# --- the report --------------------------------------------------------------------------------


class LessonReport:
    def __init__(self, config):
        self.config = config
        folder = config.getoption("learner_folder")
        self.folder = Path(folder).resolve() if folder else None
        self.items = []
        self.outcomes = {}  # nodeid -> "passed" | "failed" | "skipped"
        self.causes = {}  # key -> Cause
        self.cause_of_item = {}  # nodeid -> key
        self.left_out = {}  # kind -> count of the tests this run leaves out
        self.later_steps = set()  # the versions of the `since` tests left out
        self.current = None  # (page, anchor) whose tests run first (--current-section)
        self.current_pending = set()
        self.sections = {(s.page, s.anchor): s for s in outline()}
        self.order = {key: index for index, key in enumerate(self.sections)}
        self.pages = {page: index for index, page in enumerate(nav_pages())}

    # collection

    def pytest_deselected(self, items):
        from conftest import applies_to_this_step  # the suite's own rule, once the suite is loaded

        for item in items:
            if not applies_to_this_step(item):
                kind = "since"
                self.later_steps.add(item.get_closest_marker("since").args[0])
            elif item.get_closest_marker("stress"):
                kind = "stress"
            elif item.get_closest_marker("reference"):
                kind = "reference"
            else:
                kind = "other"
            self.left_out[kind] = self.left_out.get(kind, 0) + 1

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        """The current section's tests first (--current-section), the rest in lesson order."""
        current = self.config.getoption("current_section")
        if not current:
            return
        self.current = tuple(current.split("#", 1))
        position = {id(item): index for index, item in enumerate(items)}
        items.sort(key=lambda item: (self.key_of(item) != self.current, self.rank(item), position[id(item)]))
        self.current_pending = {item.nodeid for item in items if self.key_of(item) == self.current}

    def pytest_collection_finish(self, session):
        self.items = list(session.items)

    def key_of(self, item):
        marker = item.get_closest_marker("lesson")
        return tuple(marker.args) if marker else ("?", "?")

    def rank(self, item):
        """Lesson order: the page's place in the nav, then the section's on its page (unknown ones last)."""
        page, anchor = key = self.key_of(item)
        return (self.pages.get(page, len(self.pages)), self.order.get(key, len(self.order)), anchor)

    def section_of(self, key):
        return self.sections.get(key) or Section(*key, title=f"#{key[1]}")

    # running

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(self, report, config):
        category, letter, word = yield
        # The report below replaces pytest's dots; with -v, keep pytest's PASSED/FAILED lines.
        return (category, letter, word) if config.get_verbosity() > 0 else (category, "", "")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.failed and call.excinfo is not None and item.nodeid not in self.cause_of_item:
            key, text, where, detail = cause_of(call.excinfo, self.folder)
            cause = self.causes.setdefault(key, Cause(text, where, detail))
            cause.items.append(item)
            self.cause_of_item[item.nodeid] = key
        return report

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.when == "call" or report.skipped:
            self.outcomes.setdefault(report.nodeid, report.outcome)
        if report.when == "teardown" and report.nodeid in self.current_pending:
            self.current_pending.discard(report.nodeid)
            if not self.current_pending:
                self.write(self.verdict())

    def pytest_terminal_summary(self, terminalreporter):
        for line in self.lines():
            terminalreporter.write_line(line)

    def write(self, lines):
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        for line in lines:
            reporter.write_line(line)
        reporter.flush()

    # what the report says

    def grouped(self):
        """{section key: its items}, in lesson order."""
        groups = {}
        for item in sorted(self.items, key=self.rank):
            groups.setdefault(self.key_of(item), []).append(item)
        return groups

    def counts(self, items):
        results = [self.outcomes.get(item.nodeid) for item in items]
        return results.count("passed"), results.count("failed")

    def failing_sections(self):
        return [key for key, items in self.grouped().items() if self.counts(items)[1]]

    def next_section(self):
        """The first section, in lesson order, that has failures: what to do next (None: all passed)."""
        failing = self.failing_sections()
        return failing[0] if failing else None

    def causes_first_in(self, key):
        """The causes shown under a section: those whose first section in lesson order is this one."""
        shown = []
        for cause in self.causes.values():
            first = min(cause.items, key=self.rank)
            if self.key_of(first) == key:
                shown.append(cause)
        return sorted(shown, key=lambda cause: min(self.rank(item) for item in cause.items))

    def cause_lines(self, cause, number, total, verbose):
        items = sorted(cause.items, key=self.rank)
        best = items[0]
        text = cause.text.splitlines() or [""]
        lines = [f"  원인 {number}/{total}: {text[0]}", *(f"    {line}" for line in text[1:])]
        if cause.where:
            lines += labelled("    위치: ", cause.where)
        lines.append(f"    힌트: {hint_of(best)}")
        sections = []
        for item in items:
            title = self.section_of(self.key_of(item)).title
            if self.key_of(item) != self.key_of(best) and title not in sections:
                sections.append(title)
        more = f" 외 {len(sections) - 3}곳" if len(sections) > 3 else ""
        also = f" (다른 절에서도: {', '.join(sections[:3])}{more})" if sections else ""
        lines.append(f"    이 원인으로 실패한 테스트 {len(items)}개{also}")
        for item in items if verbose else items[:1]:
            lines.append(f"    {'테스트' if verbose else '예'}: {item.nodeid}")
        if verbose:
            lines.append("    pytest의 설명:")
            lines += [f"      {line}" for line in cause.detail.splitlines()]
        return lines

    def section_block(self, key, verbose):
        section = self.section_of(key)
        passed, failed = self.counts(self.grouped()[key])
        causes = self.causes_first_in(key)
        lines = [f"✗ {section.title} {passed}/{passed + failed}"]
        lines += ["  " + line for line in read_at(section)]
        for number, cause in enumerate(causes, start=1):
            lines += ["", *self.cause_lines(cause, number, len(causes), verbose)]
        if not causes:
            lines.append("  (이 절의 실패는 앞 절의 원인과 같습니다: 위에서부터 고치세요.)")
        return lines

    def verdict(self):
        """--watch: the current section, as soon as its tests have run."""
        items = [item for item in self.items if self.key_of(item) == self.current]
        passed, failed = self.counts(items)
        section = self.section_of(self.current)
        mark = "✗" if failed else "✓"
        lines = ["", f"{VERDICT} {mark} {section.title} {passed}/{passed + failed}"]
        if failed:
            first_causes = {
                self.cause_of_item[item.nodeid] for item in items if item.nodeid in self.cause_of_item
            }
            causes = [cause for key, cause in self.causes.items() if key in first_causes]
            for number, cause in enumerate(causes, start=1):
                lines += self.cause_lines(cause, number, len(causes), verbose=False)
        lines.append("  나머지 절을 검사하는 중입니다…")
        return lines

    def lines(self):
        verbose = self.config.get_verbosity() > 0
        folder = self.folder or ""
        step = os.environ.get("GOOGLEKAAP_STEP", "")
        yield ""
        yield f"== googlekaap {step} 검사: {folder} =="
        failing = self.failing_sections()
        if failing:
            yield "다음에 고칠 곳:"
            for key in failing if verbose else failing[:1]:
                yield from self.section_block(key, verbose)
                yield ""
        else:
            yield "✓ 모든 절을 통과했습니다."
            yield ""

        yield "절별 결과 (강의 순서):"
        page = None
        for key, items in self.grouped().items():
            section = self.section_of(key)
            if section.page != page:
                page = section.page
                yield f"{page} (docs/{page}.md)"
            passed, failed = self.counts(items)
            arrow = "   ← 다음에 고칠 곳" if failing and key == failing[0] else ""
            yield f"  {'✗' if failed else '✓'} {section.title} {passed}/{passed + failed}{arrow}"

        yield ""
        yield from self.totals(len(failing))

    def totals(self, failing_sections):
        """How it went, and what pytest collected: run + left out, each kind named and explained."""
        results = [self.outcomes.get(item.nodeid, "not run") for item in self.items]
        passed, failed = results.count("passed"), results.count("failed")
        if failed:
            yield (
                f"통과 {passed}/{passed + failed}: 실패 {failed}개, 원인 {len(self.causes)}가지, "
                f"절 {failing_sections}곳. 맨 위의 절부터 고친 뒤 다시 검사하세요 (모두 보기: 끝에 -v)."
            )
        else:
            yield f"통과 {passed}/{passed + failed}."
        later = ", ".join(f"v{version}" for version in sorted(self.later_steps))
        kinds = [
            ("skipped", "건너뜀", "", results.count("skipped")),
            ("not run", "돌리지 않음", "앞의 실패에서 멈췄습니다 (-x 등)", results.count("not run")),
            (
                "reference",
                "참조",
                "이 리포지토리의 문구·마크업을 고정합니다: docs/contract.md#not-checked",
                0,
            ),
            ("since", "다음 단계", f"{later}부터 확인하는 테스트입니다", 0),
            ("stress", "느린 테스트", "서버 프로세스·동시성·퍼징: nox -s stress", 0),
            ("other", "고르지 않음", "-k, -m 등으로 뺐습니다", 0),
        ]
        counted = [(name, note, count or self.left_out.get(kind, 0)) for kind, name, note, count in kinds]
        counted = [entry for entry in counted if entry[2]]
        total = len(self.items) + sum(self.left_out.values())
        parts = [f"통과 {passed}", f"실패 {failed}", *(f"{name} {count}" for name, _, count in counted)]
        yield f"{LAST_LINE.format(total=total)} = " + " + ".join(parts)
        for name, note, _ in counted:
            if note:
                yield f"  {name}: {note}"


def hint_of(item):
    return first_line(getattr(item, "function", None) and item.function.__doc__) or item.name


# --- check --watch ------------------------------------------------------------------------------


class Watch:
    """One process for the whole watch: Flask, pytest and the tests are imported once, the learner's
    package again on every save. The section that failed first last time runs first."""

    def __init__(self, folder, args):
        self.folder = folder
        self.args = args
        self.current = None  # the section being worked on: the last one that failed first

    def pytest_sessionfinish(self, session):
        report = session.config.pluginmanager.get_plugin("lesson-report")
        self.current = (report and report.next_section()) or self.current

    def run(self):
        for name in [name for name in sys.modules if name == "googlekaap" or name.startswith("googlekaap.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        linecache.checkcache()
        current = [f"--current-section={'#'.join(self.current)}"] if self.current else []
        # Plugins imported before pytest starts (this one, anyio from watchfiles) cannot be assert-rewritten.
        quiet = ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
        pytest.main([*self.args, *current, *quiet], plugins=[self])


def watch(folder, args):
    from watchfiles import DefaultFilter
    from watchfiles import watch as changes

    sys.stdout.reconfigure(line_buffering=True)  # each line as it comes, also through nox's pipe
    folder = Path(folder).resolve()
    saved = threading.Event()

    def watching():  # from before the first run on: a save during a run starts another one after it
        for _ in changes(folder, watch_filter=DefaultFilter()):
            saved.set()

    threading.Thread(target=watching, daemon=True).start()
    runner = Watch(folder, args)
    runner.run()
    # From now on the learner's files are compiled afresh on every import: a .pyc written within the same
    # second as a save of the same size would otherwise be taken for the new source.
    sys.dont_write_bytecode = True
    sys.pycache_prefix = tempfile.mkdtemp(prefix="googlekaap-watch-")
    try:
        while True:
            saved.wait()
            saved.clear()
            print(f"\n── 저장했습니다 ({time.strftime('%H:%M:%S')}): 다시 검사합니다 ──")
            runner.run()
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    import report  # the module pytest loads with `-p report`, not this __main__ copy

    if sys.argv[1:2] != ["--watch"] or len(sys.argv) < 3:
        sys.exit("사용법: python -m report --watch FOLDER PYTEST_ARGS...")
    sys.exit(report.watch(sys.argv[2], sys.argv[3:]))
