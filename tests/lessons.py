"""What the lessons are made of, for nox, the site checks and the learner's report (tests/report.py).

- the outline: pages in nav order, and each page's sections (headings with an explicit `{#anchor}`);
- the test index: every test with its lesson marker, layer and Korean hint, read from the source
  with `ast` (nothing is imported, so it runs in the docs venv, which has no step installed);
- generators of what the lessons include: the step diffs and the per-section test lists.

Only the standard library: the check and docs venvs both import this file.
"""

import ast
import difflib
import html
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
GENERATED = DOCS / "generated"
TESTS = ROOT / "tests"
MISTAKES = TESTS / "mistakes"
STEPS_DIR = ROOT / "steps"
SERVE_URL = "http://127.0.0.1:8000"
# Checks of the site and tests of the tools prove nothing about a step: they name no lesson section.
UNMARKED_FOLDERS = ("site", "tools")
UNMARKED_FILES = ("browser/test_lesson_site.py",)

HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*\{#([\w-]+)\}\s*$")
NAV_ENTRY = re.compile(r"^\s*-\s+(?:(?P<title>[^:]+?):\s+)?[\"']?(?P<page>[\w./-]+)\.md[\"']?\s*$")


def parse_version(text):
    """ "v1.0.7" or "1.0.7" -> (1, 0, 7), so that v1.0.10 sorts after v1.0.7."""
    return tuple(int(part) for part in text.lstrip("v").split("."))


def first_line(docstring):
    """A test's hint: the first line of its docstring ("" when it has none)."""
    return docstring.strip().splitlines()[0] if docstring and docstring.strip() else ""


def step_names(steps_dir=STEPS_DIR):
    """The step folders, oldest first (v1.0.7 before v1.0.10)."""
    names = [path.name for path in steps_dir.iterdir() if (path / "pyproject.toml").exists()]
    return sorted(names, key=parse_version)


# --- the outline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    page: str  # the page's path under docs/ without .md: "v1.0.7", "measured/bench"
    anchor: str
    title: str

    @property
    def source(self):
        return f"docs/{self.page}.md#{self.anchor}"

    @property
    def url(self):
        path = "" if self.page == "index" else f"{self.page}/"
        return f"{SERVE_URL}/{path}#{self.anchor}"


def nav_pages(mkdocs_yml=ROOT / "mkdocs.yml"):
    """Page stems in nav order, read from the `nav:` block (no YAML parser in the check venv)."""
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines()
    start = lines.index("nav:") + 1
    pages = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break
        if match := NAV_ENTRY.match(line):
            pages.append(match["page"])
    return pages


def page_sections(page, docs=DOCS):
    """The sections of one page with an explicit anchor, in page order (code fences skipped)."""
    sections, fenced = [], False
    for line in (docs / f"{page}.md").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            title = match[2].replace("`", "")
            sections.append(Section(page, match[3], title))
    return sections


def outline(docs=DOCS):
    """Every anchored section of every nav page, in the order a reader meets them."""
    return [
        section for page in nav_pages(docs.parent / "mkdocs.yml") for section in page_sections(page, docs)
    ]


# --- the test index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proof:
    file: str  # relative to tests/: "test_auth.py", "browser/test_login_flow.py"
    name: str
    lesson: tuple | None  # (page, anchor)
    reference: bool
    stress: bool
    since: str | None
    hint: str  # the first line of the docstring: a Korean hint for a learner whose code fails it

    @property
    def nodeid(self):
        return f"tests/{self.file}::{self.name}"


def _marks(decorators):
    """{marker name: its arguments as literals} for `@pytest.mark.<name>(...)` decorators/values."""
    marks = {}
    for node in decorators:
        call = node if isinstance(node, ast.Call) else None
        target = call.func if call else node
        if isinstance(target, ast.Attribute) and ast.unparse(target.value) == "pytest.mark":
            # Only the markers read here take literal arguments (parametrize's are any expression).
            literal = call and target.attr in {"lesson", "since"}
            marks[target.attr] = tuple(ast.literal_eval(arg) for arg in call.args) if literal else ()
    return marks


def _module_marks(tree):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            value = node.value
            return _marks(value.elts if isinstance(value, ast.List | ast.Tuple) else [value])
    return {}


def all_proofs(tests=TESTS):
    """Every test function of the suite and the browser tests, with what the lessons need to know."""
    found = []
    for path in sorted(tests.rglob("test_*.py")):
        relative = path.relative_to(tests)
        if relative.parts[0] in UNMARKED_FOLDERS or relative.as_posix() in UNMARKED_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_marks(tree)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                marks = module | _marks(node.decorator_list)
                docstring = ast.get_docstring(node) or ""
                found.append(
                    Proof(
                        file=relative.as_posix(),
                        name=node.name,
                        lesson=marks.get("lesson"),
                        reference="reference" in marks,
                        stress="stress" in marks,
                        since=marks["since"][0] if "since" in marks else None,
                        hint=first_line(docstring),
                    )
                )
    return found


# --- generators --------------------------------------------------------------------------------


def _step_files(step_dir):
    return {
        path.relative_to(step_dir).as_posix(): path
        for path in sorted(step_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def step_diff(old_dir, new_dir, old, new):
    """{step-relative path: its unified diff lines} for each file that differs between two step folders."""
    old_files, new_files = _step_files(old_dir), _step_files(new_dir)
    diffs = {}
    for name in sorted(old_files.keys() | new_files.keys()):
        before = old_files[name].read_text().splitlines(keepends=True) if name in old_files else []
        after = new_files[name].read_text().splitlines(keepends=True) if name in new_files else []
        lines = list(difflib.unified_diff(before, after, f"a/steps/{old}/{name}", f"b/steps/{new}/{name}"))
        # The steps' own snippet markers stay visible in an included diff: `;` escapes them for snippets.
        lines = [line.replace("--8<-- [", ";--8<-- [", 1) for line in lines]
        if lines:
            diffs[name] = lines
    return diffs


def diff_hunks(lines):
    """The hunks of one file's diff (each from its @@ line), without the ---/+++ header."""
    hunks = []
    for line in lines[2:]:
        if line.startswith("@@"):
            hunks.append([])
        hunks[-1].append(line)
    return ["".join(hunk) for hunk in hunks]


def write_step_diffs(steps_dir=STEPS_DIR, out_dir=GENERATED):
    """Write <new>.diff for each step against the one before it, and each hunk on its own as
    <new>/<path>.<n>.diff (n from 1), so a lesson can show a change beside its explanation."""
    out_dir.mkdir(parents=True, exist_ok=True)
    steps = step_names(steps_dir)
    for old, new in zip(steps, steps[1:], strict=False):
        diffs = step_diff(steps_dir / old, steps_dir / new, old, new)
        (out_dir / f"{new}.diff").write_text("".join(line for lines in diffs.values() for line in lines))
        for name, lines in diffs.items():
            for number, hunk in enumerate(diff_hunks(lines), start=1):
                piece = out_dir / new / f"{name}.{number}.diff"
                piece.parent.mkdir(parents=True, exist_ok=True)
                piece.write_text(hunk)


def as_text(markdown):
    """Markdown whose `<tag>`s outside code spans show as text: a hint like 'use <strong>' is prose."""
    parts = markdown.split("`")
    return "`".join(html.escape(part, quote=False) if i % 2 == 0 else part for i, part in enumerate(parts))


def proof_list(tests):
    """The Markdown list a lesson section includes: each test, its layer, and what it checks."""
    if not tests:
        return "이 절의 동작을 직접 확인하는 테스트는 없습니다.\n"
    lines = []
    for test in tests:
        notes = [
            "[참조](contract.md#not-checked)" if test.reference else "[계약](contract.md#contract)",
            *([f"v{test.since}부터"] if test.since else []),
            *(["느린 테스트: `nox -s stress`"] if test.stress else []),
            *(["브라우저: `nox -s e2e`"] if test.file.startswith("browser/") else []),
        ]
        lines.append(f"- `{test.file}::{test.name}` ({', '.join(notes)})  \n  {as_text(test.hint)}")
    return "\n".join(lines) + "\n"


def write_proof_lists(out_dir=GENERATED / "tests", tests=TESTS, docs=DOCS):
    """Write <page>/<anchor>.md for every section of the outline and every section a test names."""
    by_section = {}
    for test in all_proofs(tests):
        if test.lesson:
            by_section.setdefault(tuple(test.lesson), []).append(test)
    sections = {(section.page, section.anchor) for section in outline(docs)} | by_section.keys()
    for page, anchor in sorted(sections):
        target = out_dir / page / f"{anchor}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(proof_list(by_section.get((page, anchor), [])), encoding="utf-8")


@dataclass(frozen=True)
class Mistake:
    """A known mistake (or a correct variant): edits to a copy of a step, and what `check` must say."""

    name: str
    title: str
    step: str
    outcome: str  # "fails" (tests fail), "preflight" (check stops before any test) or "passes"
    section: tuple  # (page, anchor) the report opens with ("" anchor: the page itself); () when it passes
    cause: str  # what the report must say about the cause
    fails: tuple  # the tests (nodeid without parameters) that must fail, and no others
    why: str
    edits: tuple  # ({"file", "old", "new"}, ...): each `old` occurs exactly once in the step
    folder: Path

    @property
    def report_file(self):
        """What `check` printed for this mistake (committed; tests/tools/test_mistakes.py keeps it true)."""
        return self.folder / f"{self.name}.txt"

    def changed_files(self, steps_dir=STEPS_DIR):
        """{step-relative path: (the step's text, the text with this mistake's edits)}."""
        changed = {}
        for edit in self.edits:
            before, text = (
                changed.get(edit["file"]) or [(steps_dir / self.step / edit["file"]).read_text()] * 2
            )
            if text.count(edit["old"]) != 1:
                raise ValueError(f"{self.name}: {edit['old']!r} is not in {edit['file']} exactly once")
            changed[edit["file"]] = (before, text.replace(edit["old"], edit["new"]))
        return changed


def load_mistakes(folder=MISTAKES):
    mistakes = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        mistakes.append(
            Mistake(
                path.stem,
                title=data["title"],
                step=data["step"],
                outcome=data.get("outcome", "fails"),
                section=tuple(data.get("section", ())),
                cause=data.get("cause", ""),
                fails=tuple(data.get("fails", ())),
                why=data["why"],
                edits=tuple(data["edit"]),
                folder=folder,
            )
        )
    return mistakes


def mistake_diff(mistake, steps_dir=STEPS_DIR):
    """The mistake as a unified diff of each file it changes, with one line of context."""
    lines = []
    for name, (before, after) in mistake.changed_files(steps_dir).items():
        old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
        lines += difflib.unified_diff(
            old, new, f"steps/{mistake.step}/{name}", f"~/my-googlekaap/{name}", n=1
        )
    # A file that does not end in a newline leaves its last line without one: each line gets its own.
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def mistakes_markdown(mistakes, steps_dir=STEPS_DIR, docs=DOCS):
    """The gallery: for each mistake, why it is wrong, the change, and the report `check` printed.

    In the order a learner meets them: those that stop check before any test, then those that fail
    tests in the lesson order of their sections, then the correct variants.
    """
    pages = nav_pages(docs.parent / "mkdocs.yml")
    sections = [(section.page, section.anchor) for section in outline(docs)]

    def place(mistake):
        kind = ["preflight", "fails", "passes"].index(mistake.outcome)
        page, anchor = mistake.section or ("", "")
        in_lessons = sections.index((page, anchor)) if (page, anchor) in sections else len(sections)
        return kind, pages.index(page) if page in pages else len(pages), in_lessons, mistake.name

    parts = []
    for mistake in sorted(mistakes, key=place):
        read = ""
        if mistake.section:
            page, anchor = mistake.section
            link = f"{page}.md#{anchor}" if anchor else f"{page}.md"
            read = f"읽을 곳: [{link}]({link})\n\n"
        report = mistake.report_file.read_text(encoding="utf-8") if mistake.report_file.exists() else ""
        parts.append(
            f"## {mistake.title} {{#{mistake.name}}}\n\n"
            f"{mistake.why.strip()}\n\n{read}"
            f"```diff\n{mistake_diff(mistake, steps_dir)}```\n\n"
            f"`nox -s check -- {mistake.step} ~/my-googlekaap`가 실제로 출력한 보고서:\n\n"
            f"```text\n{report}```\n"
        )
    return "\n".join(parts)


def generate(root=ROOT, out_dir=None):
    """Everything the lessons include that nox makes (into docs/generated/): run before every site build.

    The folder is made afresh, so a piece that a step no longer gives (a hunk, a section's list) is gone
    and a page that still includes it fails the strict build instead of showing old code.
    """
    out_dir = out_dir or root / "docs" / "generated"
    shutil.rmtree(out_dir, ignore_errors=True)
    write_step_diffs(root / "steps", out_dir)
    write_proof_lists(out_dir / "tests", root / "tests", root / "docs")
    mistakes = mistakes_markdown(load_mistakes(root / "tests" / "mistakes"), root / "steps", root / "docs")
    (out_dir / "mistakes.md").write_text(mistakes, encoding="utf-8")
