"""A learner walks the step pages, as the TDD book's tester replays the book (hjwp/Book-TDD-Web-Dev-Python).

From the built HTML of each step page, in nav order, into one folder (tmp_path/my-googlekaap):
- each section (h2/h3 with an id) is a milestone; its code blocks titled with a file are applied as the copy
  button gives them: `PATH` is the whole file, `PATH (UNIT)` replaces that unit or adds it at the end, and a
  diff block (one hunk) is applied exactly;
- after a section that changed the folder, the app must import, start and serve GET / in a fresh process;
- each section's "try it" must hold: its "해 보기" tables (each address shows its text), its `>>>` blocks
  as a doctest in a fresh process, after the `>>>` blocks of the sections before it since the code last
  changed (a learner keeps one Python shell open until then), and the page's first
  `flask --app googlekaap run --debug`, run for real until GET / answers 200;
- at the end of a page the folder equals steps/<v> and passes `nox -s check`'s contract tests.
The next page starts from a copy of the folder.
"""

import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import lessons
import pytest
from conftest import env_without_flask, free_port

import noxfile

ROOT = Path(__file__).parents[2]
RUN = "flask --app googlekaap run --debug"
TITLE = re.compile(r"^(?P<path>[\w./-]+)(?: \((?P<unit>[\w.]+)\))?$")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Section:
    anchor: str
    blocks: list = field(default_factory=list)  # (title or None, the text the copy button copies)
    tries: list = field(default_factory=list)  # [(address, what it shows)] of each "해 보기" table


class PageReader(HTMLParser):
    """The sections of a built page, with their code blocks and "해 보기" tables (Material's markup, which
    Zensical emits too): each element collects its text, and is read when it closes."""

    def __init__(self):
        super().__init__()
        self.sections, self.open = [Section("")], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h2", "h3"} and attrs.get("id"):
            self.sections.append(Section(attrs["id"]))
        if tag not in VOID:
            self.open.append(
                {"tag": tag, "class": (attrs.get("class") or "").split(), "text": [], "rows": []}
            )

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_data(self, data):
        if self.open:
            self.open[-1]["text"].append(data)

    def nearest(self, test):
        return next((element for element in reversed(self.open) if test(element)), {})

    def handle_endtag(self, tag):
        if not any(element["tag"] == tag for element in self.open):
            return
        while (element := self.open.pop())["tag"] != tag:
            pass
        text = "".join(element["text"])
        if self.open:
            self.open[-1]["text"].append(text)
        highlight = self.nearest(lambda parent: "highlight" in parent["class"])
        admonition = self.nearest(
            lambda parent: parent["tag"] == "details" or "admonition" in parent["class"]
        )
        if "filename" in element["class"]:
            highlight["title"] = text
        elif tag == "code" and highlight:
            highlight["code"] = text
        elif "highlight" in element["class"]:
            self.sections[-1].blocks.append((element.get("title"), element.get("code", "")))
        elif tag == "summary" or "admonition-title" in element["class"]:
            admonition["title"] = text.strip()
        elif tag in {"th", "td"}:
            self.nearest(lambda parent: parent["tag"] == "tr")["rows"].append(text.strip())
        elif tag == "tr":
            self.nearest(lambda parent: parent["tag"] == "table")["rows"].append(element["rows"])
        elif (
            tag == "table"
            and admonition.get("title") == "해 보기"
            and element["rows"][0] == ["주소", "보이는 것"]
        ):
            self.sections[-1].tries += [tuple(row) for row in element["rows"][1:]]


def read_page(html):
    reader = PageReader()
    reader.feed(html)
    return reader.sections


class WalkError(AssertionError):
    pass


def apply_hunk(text, hunk, where):
    """The file's text with one unified-diff hunk applied; its context and '-' lines must be there exactly."""
    header, *lines = hunk.splitlines()
    before, after = [], []
    for line in lines:
        kind, body = (line[0], line[1:]) if line else (" ", "")  # a blank context line loses its space
        if kind not in " -+":
            raise WalkError(f"{where}: not a line of a hunk: {line!r}")
        before += [body] if kind in " -" else []
        after += [body] if kind in " +" else []
    old = text.splitlines()
    spots = [at for at in range(len(old) - len(before) + 1) if old[at : at + len(before)] == before]
    if not spots:
        raise WalkError(
            f"{where}: the hunk's context and '-' lines are not in the file:\n{hunk}\n--- file:\n{text}"
        )
    start = int(re.match(r"@@ -(\d+)", header)[1]) - 1
    at = min(spots, key=lambda spot: abs(spot - start))
    return "\n".join(old[:at] + after + old[at + len(before) :]) + "\n"


def replace_unit(text, suffix, unit, piece, where):
    """The file's text with `unit` replaced by the piece, or the piece added at the end (a method: at the
    end of its class), as a learner does with a block titled `PATH (UNIT)`."""
    lines, names = text.splitlines(), unit.split(".")
    node, outer = lessons.code_tree(text, suffix), None
    for name in names:
        outer, node = node, node and node.find(name)
    if len(names) > 1:  # the piece shows its class's header and `...`: keep the method alone
        shown = lessons.code_tree(piece, suffix)
        method = shown.find(names[0]) and shown.find(names[0]).find(names[-1])
        if not outer or not method:
            raise WalkError(f"{where}: the file or the block has no class {names[0]} with {names[-1]}")
        piece_lines = piece.splitlines()
        piece = "\n".join(piece_lines[min(method.lines()) - 1 : max(method.lines())]) + "\n"
    if node:
        first, last = min(node.lines()), max(node.lines())
        return "\n".join([*lines[: first - 1], *piece.splitlines(), *lines[last:]]) + "\n"
    if len(names) > 1:
        end = max(outer.lines())
        return "\n".join([*lines[:end], "", *piece.splitlines(), *lines[end:]]) + "\n"
    added = lessons.code_tree(piece, suffix).children
    gap = "\n\n\n" if added and added[0].whole_by_header else "\n\n" if suffix == ".py" else "\n"
    return text.rstrip("\n") + gap + piece if text.strip() else piece


def apply_block(folder, title, text, where):
    match = TITLE.match(title)
    if not match:
        raise WalkError(f"{where}: a code block's title that names no file: {title!r}")
    target = folder / match["path"]
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if text.startswith("@@"):
        updated = apply_hunk(current, text, where)
    elif match["unit"]:
        updated = replace_unit(current, target.suffix, match["unit"], text, where)
    else:
        updated = text if text.strip() else ""  # an empty file shows as one empty line
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(updated, encoding="utf-8")


def learner_env(folder):
    return env_without_flask(PYTHONPATH=str(folder), PYTHONDONTWRITEBYTECODE="1")


def run_python(folder, code, where, stdin=""):
    """Run Python code in a fresh process in the folder; fail with its output when it exits non-zero."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=folder,
        env=learner_env(folder),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        raise WalkError(f"{where}:\n{done.stdout}{done.stderr}")


SERVES = """
    import html, json, re, sys
    import googlekaap
    client = googlekaap.create_app().test_client()
    status = client.get("/").status_code
    assert status < 500, f"GET / answered {status}"
    for path, shown in json.load(sys.stdin):
        page = html.unescape(re.sub(r"<[^>]+>", " ", client.get(path, follow_redirects=True).text))
        assert shown in page, f"GET {path} does not show {shown!r}:\\n{page}"
"""
DOCTEST = """
    import doctest, sys
    test = doctest.DocTestParser().get_doctest(sys.stdin.read(), {}, "try it", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    sys.exit(bool(runner.failures))
"""


def run_server(folder, where):
    """`flask --app googlekaap run --debug` from the folder until GET / answers 200; always stopped."""
    port = free_port()
    command = [sys.executable, "-m", *RUN.split(), "--host", "127.0.0.1", "--port", str(port)]
    # Its own session: the reloader starts a child, and the stop must reach both.
    server = subprocess.Popen(
        command,
        cwd=folder,
        env=learner_env(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    return  # 200: any other answer raises HTTPError
            except urllib.error.HTTPError:
                break
            except OSError:  # not listening yet
                time.sleep(0.2)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=10)[0].decode(errors="replace")
    raise WalkError(f"{where}: `{RUN}` did not serve GET / with 200:\n{output}")


def walk_page(html, folder, page):
    """Apply the page's blocks to the folder section by section, running each section's "try it"."""
    sections = read_page(html)
    if not any(title for section in sections for title, _ in section.blocks):
        pytest.skip(f"the built {page} page shows no code block titled with a file yet: nothing to walk")
    # A later page starts in a copy that has not run yet: its first section runs it.
    changed, served, shell = any(folder.iterdir()), False, []
    for section in sections:
        where = f"{page}#{section.anchor}"
        for title, text in section.blocks:
            if title:
                apply_block(folder, title, text, f"{where}, block {title!r}")
                changed = True
        if not section.anchor:  # the page's introduction, before its first section
            continue
        if not served and any(RUN in text for title, text in section.blocks if not title):
            run_server(folder, where)
            served = True
        if changed or section.tries:
            tries = json.dumps([(urlsplit(address).path or "/", shown) for address, shown in section.tries])
            run_python(folder, SERVES, f"{where}: the app does not serve what the page says", tries)
        # A learner keeps one Python shell open until the code changes: >>> may use the last section's names.
        shell = [] if changed else shell
        examples = [text for title, text in section.blocks if not title and text.startswith(">>>")]
        if examples:
            shell += examples
            run_python(
                folder, DOCTEST, f"{where}: a >>> example does not give what the page shows", "\n".join(shell)
            )
        changed = False


def check(folder, step):
    """`nox -s check -- <step> <folder>`'s pytest run, in this venv."""
    env = {
        **learner_env(folder),
        "GOOGLEKAAP_STEP": step,
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "tests")]),
    }
    pytest_command = [*noxfile.SUITE, *noxfile.CONTRACT, f"--learner-folder={folder}"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"the folder built from the {step} page fails `nox -s check`:\n{done.stdout}"


def test_a_learner_who_follows_the_step_pages_gets_each_step(lesson_site, tmp_path):
    builder, site = lesson_site
    folder = tmp_path / "my-googlekaap"
    folder.mkdir()
    for step in lessons.step_names():
        html = (site / step / "index.html").read_text(encoding="utf-8")
        walk_page(html, folder, step)
        built, expected = (
            {name: path.read_text(encoding="utf-8") for name, path in lessons.step_files(top).items()}
            for top in (folder, ROOT / "steps" / step)
        )
        assert built.keys() == expected.keys(), f"the {step} page makes other files than steps/{step}"
        differ = "".join(
            "".join(
                difflib.unified_diff(
                    built[name].splitlines(True), expected[name].splitlines(True), name, name
                )
            )
            for name in built
        )
        assert not differ, f"the {step} page ({builder}) makes a folder that is not steps/{step}:\n{differ}"
        check(folder, step)
        # The next page starts from a copy, as its first section tells the learner.
        folder = shutil.copytree(folder, tmp_path / f"my-googlekaap-{step}-copy")


def test_a_hunk_whose_context_is_not_there_fails_naming_its_block():
    hunk = "@@ -1,2 +1,2 @@\n keep\n-old\n+new\n"
    assert apply_hunk("keep\nold\n", hunk, "p#s") == "keep\nnew\n"
    with pytest.raises(WalkError, match="p#s, block 'a.py': the hunk's context"):
        apply_hunk("keep\nolder\n", hunk, "p#s, block 'a.py'")


def test_a_unit_block_replaces_the_unit_or_is_added_at_the_end():
    text = "import os\n\n\ndef f():\n    return 1\n"
    assert (
        replace_unit(text, ".py", "f", "def f():\n    return 2\n", "")
        == "import os\n\n\ndef f():\n    return 2\n"
    )
    assert replace_unit(text, ".py", "X", "X = 1\n", "") == text + "\nX = 1\n"
    assert replace_unit("", ".py", "g", "def g():\n    pass\n", "") == "def g():\n    pass\n"
    assert replace_unit(text, ".py", "g", "@d\ndef g():\n    pass\n", "").endswith(
        "return 1\n\n\n@d\ndef g():\n    pass\n"
    )
    boxed = "class A:\n    x = 1\n"
    method = "class A:\n    ...\n    def m(self):\n        pass\n"
    assert (
        replace_unit(boxed, ".py", "A.m", method, "")
        == "class A:\n    x = 1\n\n    def m(self):\n        pass\n"
    )
