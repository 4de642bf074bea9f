"""What the lessons are made of, for nox, the site checks and the learner's report (tests/report.py).

- the outline: pages in nav order, and each page's sections (headings with an explicit `{#anchor}`);
- the test index: every test with its lesson marker, layer and Korean hint, read from the source
  with `ast` (nothing is imported, so it runs in the docs venv, which has no step installed);
- generators of what the lessons include: the code pieces pages show by name, the step diffs and the
  per-section test lists;
- the session lab's folder (docs/lab/runtime/): the step's own files, Pyodide and the wheels that
  `nox -s lab` downloaded.

Only the standard library: the check and docs venvs both import this file.
"""

import ast
import difflib
import html
import json
import re
import shutil
import tarfile
import tomllib
import zipfile
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
# Browser tests of the built site (`nox -s e2e_site`), not of a step (`nox -s e2e`).
SITE_BROWSER_FILES = ("browser/test_lesson_site.py", "browser/test_session_lab.py")

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


def step_files(step_dir):
    """{path relative to the folder: path} of a step folder's files, without __pycache__."""
    return {
        path.relative_to(step_dir).as_posix(): path
        for path in sorted(step_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def step_diff(old_dir, new_dir, old, new):
    """{step-relative path: its unified diff lines} for each file that differs between two step folders."""
    old_files, new_files = step_files(old_dir), step_files(new_dir)
    diffs = {}
    for name in sorted(old_files.keys() | new_files.keys()):
        before = old_files[name].read_text().splitlines(keepends=True) if name in old_files else []
        after = new_files[name].read_text().splitlines(keepends=True) if name in new_files else []
        lines = list(difflib.unified_diff(before, after, f"a/steps/{old}/{name}", f"b/steps/{new}/{name}"))
        # A snippet marker in a diffed line stays visible in an included diff: `;` escapes it for snippets.
        lines = [escape_snippet_markers(line) for line in lines]
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


def browser_session(file):
    return "e2e_site" if file in SITE_BROWSER_FILES else "e2e"


def proof_list(tests):
    """What a lesson section includes: a folded list of each test, its layer, and what it checks."""
    if not tests:
        return "이 절의 동작을 직접 확인하는 테스트는 없습니다.\n"
    lines = []
    for test in tests:
        notes = [
            "[참조](contract.md#not-checked)" if test.reference else "[계약](contract.md#contract)",
            *([f"v{test.since}부터"] if test.since else []),
            *(["느린 테스트: `nox -s stress`"] if test.stress else []),
            *(
                [f"브라우저: `nox -s {browser_session(test.file)}`"]
                if test.file.startswith("browser/")
                else []
            ),
        ]
        lines.append(f"    - `{test.file}::{test.name}` ({', '.join(notes)})  \n      {as_text(test.hint)}")
    return f'??? note "이 절을 확인하는 테스트 {len(tests)}개"\n\n' + "\n".join(lines) + "\n"


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


# --- code pieces -------------------------------------------------------------------------------
# A page shows code by name, like Sphinx's `literalinclude :pyobject:`. Each piece is declared by a comment
# on its own line, right above the line that includes what this generator writes:
#
#     <!-- code: ID PATH[:UNIT] [add="REGEX"] [title="..."] -->
#     --8<-- "docs/generated/code/PAGE/ID.md"
#
# Per file, a page builds up what its reader has been shown so far: a piece shows the unit's lines shown
# until then, and highlights the ones it adds. See write_code_pieces.

CODE_DIRECTIVE = re.compile(r"^\s*<!-- code: (?P<body>.*?) -->\s*$")
CODE_COMPLETE = re.compile(r"^\s*<!-- code-complete: (?P<folder>\S+?)/? -->\s*$")
CODE_INCLUDE = re.compile(r'^\s*--8<-- "docs/generated/code/[^"]+"\s*$')
CODE_HEAD = re.compile(r"(?P<id>[\w.-]+)\s+(?P<path>[^\s:]+)(?::(?P<unit>[\w.]+))?")
CODE_OPTION = re.compile(r'\s+(?P<key>add|title)="(?P<value>(?:[^"\\]|\\.)*)"')
LANGUAGES = {".py": "python", ".html": "html+jinja", ".toml": "toml"}
JINJA_BLOCK = re.compile(r"{%-?\s*(?:block\s+(?P<name>\w+)|endblock\b)")
DEFINITIONS = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class PageError(Exception):
    """A page's code pieces cannot be made as written; the message names the page and the line."""


@dataclass
class CodeNode:
    """A unit of a file: a container (the module, a def or class, a template block) or a statement.

    `own` holds its non-blank line numbers (from 1) that no child holds: a statement with the comment lines
    directly above it, or a container's header (comments, decorators, `def` line, docstring).
    """

    name: str | None
    own: set
    children: list
    container: bool = False
    whole_by_header: bool = False  # a def or class: a match on its header shows all of it

    def lines(self):
        return self.own.union(*(child.lines() for child in self.children))

    def find(self, name):
        return next((child for child in self.children if child.name == name), None)


def _python_tree(text):
    lines = text.splitlines()

    def filled(first, last):
        return {number for number in range(first, last + 1) if lines[number - 1].strip()}

    def start(statement):
        first = min([statement.lineno] + [node.lineno for node in getattr(statement, "decorator_list", [])])
        while first > 1 and lines[first - 2].lstrip().startswith("#"):
            first -= 1
        return first

    def node(statement):
        if not isinstance(statement, DEFINITIONS):
            targets = getattr(statement, "targets", [getattr(statement, "target", None)])
            names = [target.id for target in targets if isinstance(target, ast.Name)]
            return CodeNode(names[0] if names else None, filled(start(statement), statement.end_lineno), [])
        body = statement.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:] if isinstance(body[0].value.value, str) else body
        header_end = start(body[0]) - 1 if body else statement.end_lineno
        return CodeNode(statement.name, filled(start(statement), header_end), [*map(node, body)], True, True)

    root = CodeNode(None, set(), [*map(node, ast.parse(text).body)], True)
    # A comment with a blank line below it goes with the next statement of its block, or with the last one.
    for number in sorted(filled(1, len(lines)) - root.lines()):
        owner = root
        while around := [
            child
            for child in owner.children
            if child.container and min(child.lines()) < number < max(child.lines())
        ]:
            owner = around[0]
        later = [child for child in owner.children if min(child.lines()) > number]
        (later[0] if later else owner.children[-1] if owner.children else owner).own.add(number)
    return root


def _line_tree(text, suffix):
    """Each non-blank line is a statement; in a template each top-level {% block %} is a container."""
    root, block, depth = CodeNode(None, set(), [], True), None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        tags = list(JINJA_BLOCK.finditer(line)) if suffix == ".html" else []
        if depth == 0 and tags and tags[0]["name"]:
            block = CodeNode(tags[0]["name"], {number}, [], True)
            root.children.append(block)
        elif block and tags and depth + sum(1 if tag["name"] else -1 for tag in tags) == 0:
            block.own.add(number)
        else:
            (block or root).children.append(CodeNode(None, {number}, []))
        depth += sum(1 if tag["name"] else -1 for tag in tags)
        block = block if depth else None
    return root


def code_tree(text, suffix):
    """The units of a file's text: Python's by `ast`, a template's blocks and lines, other files' lines."""
    return _python_tree(text) if suffix == ".py" else _line_tree(text, suffix)


def _selected(node, number):
    """What showing line `number` of `node` shows: its whole statement (a whole def or class when the line
    is in its header), with the headers of the containers around it."""
    if number in node.own:
        return node.lines() if node.whole_by_header else set(node.own)
    inner = next(child for child in node.children if number in child.lines())
    return node.own | _selected(inner, number)


def _shown_blanks(lines, shown):
    """Between two shown lines, the longest run of blank lines the file has between them: what is hidden
    between them never glues them together (two blank lines before a def stay two)."""
    blanks, previous, runs = set(), None, [[]]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            runs[-1].append(number)
        elif number in shown:
            if previous is not None:
                blanks.update(max(runs, key=len))
            previous, runs = number, [[]]
        elif runs[-1]:
            runs.append([])
    return blanks


def escape_snippet_markers(line):
    """pymdownx.snippets drops `--8<-- [start:…]` lines from what it includes; `;` keeps one visible."""
    return line.replace("--8<-- [", ";--8<-- [", 1)


@dataclass(frozen=True)
class CodeDirective:
    page: str  # under docs/, without .md
    line: int
    id: str
    path: str  # from the repository root
    unit: str | None
    add: str | None
    title: str | None

    def fail(self, message):
        raise PageError(f"docs/{self.page}.md:{self.line}: {message}")

    @property
    def include(self):
        return f'--8<-- "docs/generated/code/{self.page}/{self.id}.md"'

    @property
    def heading(self):
        """The title a reader sees: the path in the learner's folder (a step's files) and the unit."""
        if self.title:
            return self.title
        parts = self.path.split("/")
        path = "/".join(parts[2:]) if parts[0] == "steps" and len(parts) > 2 else self.path
        return f"{path} ({self.unit})" if self.unit else path


def _code_directive(page, line, body):
    head = CODE_HEAD.match(body)
    rest = body[head.end() :] if head else ""
    if not head or CODE_OPTION.sub("", rest).strip():
        raise PageError(
            f"docs/{page}.md:{line}: cannot read <!-- code: {body} -->; "
            'write <!-- code: ID PATH[:UNIT] [add="REGEX"] [title="..."] -->'
        )
    options = {match["key"]: match["value"].replace('\\"', '"') for match in CODE_OPTION.finditer(rest)}
    return CodeDirective(
        page, line, head["id"], head["path"], head["unit"], options.get("add"), options.get("title")
    )


def _code_piece(directive, text, tree, shown):
    """Show what `directive` adds to `shown` (the file's lines shown so far) and return its fenced block."""
    node, outer = tree, []
    for name in directive.unit.split(".") if directive.unit else []:
        outer, node = [*outer, node], node.find(name)
        if node is None:
            directive.fail(f"{directive.path} has no unit {directive.unit!r}")
    outer = outer[1:]  # the containers around a method (its class), not the module
    headers = set().union(*(container.own for container in outer))
    unit = f"{directive.path}:{directive.unit}" if directive.unit else directive.path
    lines = text.splitlines()
    if directive.add is None:
        new = (node.lines() | headers) - shown
    else:
        try:
            pattern = re.compile(directive.add)
        except re.error as error:
            directive.fail(f"add={directive.add!r} is not a regular expression: {error}")
        matched = [number for number in sorted(node.lines()) if pattern.search(lines[number - 1])]
        new = set().union(*(_selected(node, number) for number in matched))
        new = (new | headers if new else new) - shown
        if not new:
            directive.fail(f"add={directive.add!r} matches nothing new in {unit}")
    shown |= new
    visible = shown | _shown_blanks(lines, shown)
    # A method comes with its class's header, and `...` where the class has more than is shown here.
    parts = [(headers, None), (node.lines(), node)] if outer else [(node.lines(), None)]
    body, marks, old = [], [], False
    for part, inner in parts:
        first, last = min(part, default=1), max(part, default=0)
        rest = outer[-1].lines() - part - headers if inner else set()
        ellipsis = re.match(r"\s*", lines[first - 1])[0] + "..." if rest else ""
        body += [ellipsis] if ellipsis and min(rest) < first else []
        for number in range(first, last + 1):
            if number in visible:
                body.append(lines[number - 1])
                marks += [str(len(body))] if number in new else []
                old = old or (number not in new and bool(lines[number - 1].strip()))
        body += [ellipsis] if ellipsis and max(rest) > last else []
    # Highlighted: what this piece adds to code the reader has seen (a first showing is all new).
    options = [f'title="{directive.heading}"'] + ([f'hl_lines="{" ".join(marks)}"'] if old and marks else [])
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`{3,}", text))])
    language = LANGUAGES.get(Path(directive.path).suffix, "text")
    code = "".join(escape_snippet_markers(line) + "\n" for line in body)
    return f"{fence}{language} {' '.join(options)}\n{code}{fence}\n"


def code_pieces(page, markdown, root=ROOT):
    """{directive: fenced block} for one page (its path under docs/ without .md), in page order.

    Raises PageError for a piece that cannot be made: an unknown path or unit, an `add` that adds nothing,
    a directive without its include line right below, an include without its directive, an id used twice,
    and a `code-complete` step folder that the page does not show whole.
    """
    lines = markdown.splitlines()
    trees, shown, pieces = {}, {}, {}
    for index, line in enumerate(lines):
        if CODE_INCLUDE.match(line) and not (index and CODE_DIRECTIVE.match(lines[index - 1])):
            raise PageError(
                f"docs/{page}.md:{index + 1}: includes a code piece with no <!-- code: … --> above"
            )
        if not (match := CODE_DIRECTIVE.match(line)):
            continue
        directive = _code_directive(page, index + 1, match["body"])
        if index + 1 == len(lines) or lines[index + 1].strip() != directive.include:
            directive.fail(f"the next line must be {directive.include}")
        if any(other.id == directive.id for other in pieces):
            directive.fail(f"the id {directive.id!r} is used twice on this page")
        source = root / directive.path
        if not source.is_file():
            directive.fail(f"{directive.path} does not exist")
        text = source.read_text(encoding="utf-8")
        if directive.path not in trees:
            try:
                trees[directive.path] = code_tree(text, source.suffix)
            except SyntaxError as error:
                directive.fail(f"{directive.path} is not valid Python: {error}")
        pieces[directive] = _code_piece(
            directive, text, trees[directive.path], shown.setdefault(directive.path, set())
        )
    for index, line in enumerate(lines):
        if match := CODE_COMPLETE.match(line):
            _check_complete(f"docs/{page}.md:{index + 1}", root, match["folder"], shown)
    return pieces


def _check_complete(where, root, folder, shown):
    missing = []
    for name, path in step_files(root / folder).items():
        lines = path.read_text(encoding="utf-8").splitlines()
        if f"{folder}/{name}" not in shown:
            missing.append(f"{name} is never shown")
        elif unseen := [
            n for n, line in enumerate(lines, start=1) if line.strip() and n not in shown[f"{folder}/{name}"]
        ]:
            missing.append(
                f"{name} never shows line {unseen[0]}: {lines[unseen[0] - 1].strip()!r}"
                + (f" (and {len(unseen) - 1} more)" if len(unseen) > 1 else "")
            )
    if missing:
        raise PageError(
            f"{where}: by the end of the page, {folder} is not shown whole: " + "; ".join(missing)
        )


def write_code_pieces(docs=DOCS, out_dir=GENERATED / "code", root=ROOT):
    """Write <page>/<id>.md for every code directive of every page."""
    for page_file in sorted(docs.rglob("*.md")):
        page = page_file.relative_to(docs).with_suffix("").as_posix()
        if page.startswith("generated/"):
            continue
        for directive, block in code_pieces(page, page_file.read_text(encoding="utf-8"), root).items():
            target = out_dir / page / f"{directive.id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block, encoding="utf-8")


def generate(root=ROOT, out_dir=None):
    """Everything the lessons include that nox makes (into docs/generated/): run before every site build.

    The folder is made afresh, so a piece that a step no longer gives (a hunk, a section's list) is gone
    and a page that still includes it fails the strict build instead of showing old code.
    """
    out_dir = out_dir or root / "docs" / "generated"
    shutil.rmtree(out_dir, ignore_errors=True)
    write_step_diffs(root / "steps", out_dir)
    write_proof_lists(out_dir / "tests", root / "tests", root / "docs")
    write_code_pieces(root / "docs", out_dir / "code", root)
    mistakes = mistakes_markdown(load_mistakes(root / "tests" / "mistakes"), root / "steps", root / "docs")
    (out_dir / "mistakes.md").write_text(mistakes, encoding="utf-8")


# --- the session lab (docs/session.md#lab) -------------------------------------------------------

LAB_STEP = "v1.0.7"
# Git-ignored: `nox -s lab` fills it and the site serves it as lab/runtime/.
LAB_RUNTIME = DOCS / "lab" / "runtime"
# What the browser needs from Pyodide's npm package (the rest: type stubs, source maps, demo consoles).
PYODIDE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
]


def lab_step_files(step_dir):
    """{path under the step: file} of the package the lab runs (googlekaap/...)."""
    return {f"googlekaap/{name}": path for name, path in step_files(step_dir / "googlekaap").items()}


def _normalized(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def download_of(downloads, pin):
    """The wheel, sdist or npm tarball of `name==version` in the downloads folder, or None."""
    name, version = pin.split("==")
    for path in downloads.iterdir():
        parts = path.name.split("-")
        found = re.sub(r"\.(tar\.gz|tgz)$", "", parts[1]) if len(parts) > 1 else ""
        if _normalized(parts[0]) == _normalized(name) and found == version:
            return path
    return None


def _markupsafe_python_only(sdist, out_dir):
    """MarkupSafe publishes no pure-Python wheel; its source has the Python code beside the C speedups,
    which it only uses when they were compiled. Its .py files (and py.typed), ready to unpack."""
    out = out_dir / sdist.name.replace(".tar.gz", "-python-only.zip")
    with tarfile.open(sdist) as tar, zipfile.ZipFile(out, "w") as archive:
        for member in tar.getmembers():
            path = Path(member.name)
            if path.parent.name == "markupsafe" and path.suffix in {".py", ".typed"}:
                archive.writestr(f"markupsafe/{path.name}", tar.extractfile(member).read())
    return out


# What the lab runs from the tests the pages cite, cut out by name when the lab is built (no copy to drift).
LAB_LESSON_CODE = {
    "tests/test_session_cookie.py": ["decode_session_cookie"],
    "tests/test_secret_key.py": ["flask_session_serializer", "WORDLIST"],
}
LAB_LESSON_IMPORTS = (
    "import hashlib\n\n"
    "from flask.json.tag import TaggedJSONSerializer\n"
    "from itsdangerous import URLSafeTimedSerializer\n"
)


def lab_lesson_code(root=ROOT):
    """lesson_code.py for the lab: the named functions and lists of the tests, as the pages show them."""
    parts = [
        f'"""Made by `nox -s lab` from {", ".join(LAB_LESSON_CODE)}: do not edit."""\n\n',
        LAB_LESSON_IMPORTS,
    ]
    for path, names in LAB_LESSON_CODE.items():
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        tree = code_tree("\n".join(lines), ".py")
        for name in names:
            node = tree.find(name)
            assert node is not None, f"{path} has no {name}"
            parts.append("\n\n" + "\n".join(lines[number - 1] for number in sorted(node.lines())) + "\n")
    return "".join(parts)


def write_lab(downloads, pins, pyodide, runtime=LAB_RUNTIME, steps_dir=STEPS_DIR):
    """The lab's folder: a copy of the step's package and lab.json (what the page loads), always; with
    `pins` (what `nox -s lab` fetched into `downloads`) also Pyodide and the packages.

    Without pins (no network) an earlier complete folder is kept. Without one, lab.json names no Pyodide
    and the page says the lab is unavailable and how to get it. docs/lab/compile.mjs adds the bytecode.
    """
    step_copy = runtime / LAB_STEP
    shutil.rmtree(step_copy, ignore_errors=True)
    files = lab_step_files(steps_dir / LAB_STEP)
    for name, path in files.items():
        (step_copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, step_copy / name)
    (runtime / "lesson_code.py").write_text(lab_lesson_code(), encoding="utf-8")
    manifest = runtime / "lab.json"
    lab = {"step": LAB_STEP, "files": list(files)}
    if pins is None:
        earlier = json.loads(manifest.read_text()) if manifest.exists() else {}
        manifest.write_text(json.dumps((earlier if "pyodide" in earlier else {}) | lab, indent=1))
        return
    for folder in ("pyodide", "packages"):
        shutil.rmtree(runtime / folder, ignore_errors=True)
        (runtime / folder).mkdir(parents=True)
    with tarfile.open(download_of(downloads, f"pyodide=={pyodide}")) as tar:
        for name in PYODIDE_FILES:
            (runtime / "pyodide" / name).write_bytes(tar.extractfile(f"package/{name}").read())
    packages = []
    for pin in pins:
        archive = download_of(downloads, pin)
        if archive.name.endswith(".tar.gz"):
            archive = _markupsafe_python_only(archive, runtime / "packages")
        else:
            assert archive.name.endswith("-none-any.whl"), f"not a pure-Python wheel: {archive.name}"
            shutil.copyfile(archive, runtime / "packages" / archive.name)
        packages.append(archive.name)
    manifest.write_text(json.dumps(lab | {"pyodide": pyodide, "packages": packages}, indent=1))
