"""The code a page includes is the code its prose talks about.

A page declares, right above the fence of each partial include (a named section, or one hunk of a step
diff), the first and the last line it expects to show:

    <!-- include-check: first="def login_user(user):" last="session[\"user_id\"] = user.user_id" -->
    ```python
    --8<-- "steps/v1.0.7/googlekaap/routes/auth_route.py:login-user"
    ```

A marker moved by a line, a section renamed, or a hunk renumbered then fails here, before a reader sees the
wrong code. Section markers must also be unique and non-empty in every file that has them.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
MARKER = re.compile(
    r"^(?P<pre>.*?)(?P<escape>;*)-+8<-+[ \t]+\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[-_0-9a-z]+)"
)
INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[-_0-9a-z]+))?"\s*$')
CHECK = re.compile(r"^<!-- include-check: (?P<body>.*) -->$")
FIELD = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def marker(line):
    """(type, name) of an unescaped snippet section marker line, else None."""
    match = MARKER.match(line)
    return None if match is None or match["escape"] else (match["type"], match["name"])


def included_lines(text, section=None):
    """What pymdownx.snippets shows of `text`: a section without any marker lines, or the whole text
    without its marker lines."""
    lines, inside, found = [], section is None, False
    for line in text.splitlines():
        kind = marker(line)
        if kind == ("start", section):
            inside = found = True
        elif kind == ("end", section):
            break
        elif kind is None and inside:
            lines.append(line)
    assert section is None or found, f"no section {section!r}"
    return lines


def checked_includes():
    """(page, line number, path, section, expected first, expected last) for every partial include."""
    for page in sorted((ROOT / "docs").rglob("*.md")):
        if "generated" in page.parts:
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            include = INCLUDE.match(line)
            if not include:
                continue
            path, section = include["path"], include["section"]
            partial = section is not None or re.match(r"docs/generated/v[\d.]+/", path)
            if not partial or path.startswith("docs/measured/"):
                continue
            # The check sits right above the opening fence, which is right above the include.
            check = CHECK.match(lines[number - 2].strip()) if number >= 2 else None
            fields = (
                {key: value.replace('\\"', '"') for key, value in FIELD.findall(check["body"])}
                if check
                else {}
            )
            yield page.name, number + 1, path, section, fields.get("first"), fields.get("last")


INCLUDES = list(checked_includes())


def test_the_pages_have_partial_includes():
    assert len(INCLUDES) >= 30, "the include pattern no longer matches the pages"


@pytest.mark.parametrize(
    ("page", "line", "path", "section", "first", "last"), INCLUDES, ids=lambda value: str(value)
)
def test_each_partial_include_shows_the_lines_its_page_expects(page, line, path, section, first, last):
    assert first is not None and last is not None, (
        f"{page}:{line} includes {path}:{section or ''} without an include-check comment above its fence"
    )
    shown = [text.strip() for text in included_lines((ROOT / path).read_text(encoding="utf-8"), section)]
    shown = [text for text in shown if text]
    assert shown, f"{page}:{line}: {path}:{section} is empty"
    assert shown[0].startswith(first.strip()), f"{page}:{line}: {path}:{section} starts with {shown[0]!r}"
    assert shown[-1].startswith(last.strip()), f"{page}:{line}: {path}:{section} ends with {shown[-1]!r}"


def marked_files():
    """Files that hold snippet sections (this folder's own examples aside)."""
    for folder in ["steps", "tests", "docs/measured"]:
        for path in sorted((ROOT / folder).rglob("*")):
            own = "__pycache__" in path.parts or "site" in path.parts or path.suffix == ".pyc"
            if path.is_file() and not own and any(map(marker, path.read_text(encoding="utf-8").splitlines())):
                yield path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", list(marked_files()))
def test_section_markers_are_unique_ordered_and_non_empty(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    markers = [kind for kind in map(marker, text.splitlines()) if kind]
    names = {name for _, name in markers}
    assert names, f"{path}: no section markers found"
    for name in names:
        assert markers.count(("start", name)) == 1, f"{path}: section {name!r} must start exactly once"
        assert markers.count(("end", name)) == 1, f"{path}: section {name!r} must end exactly once"
        assert markers.index(("start", name)) < markers.index(("end", name)), f"{path}: {name!r} ends first"
        assert any(line.strip() for line in included_lines(text, name)), f"{path}: section {name!r} is empty"


def test_a_moved_marker_is_caught():
    """The check itself: moving an end marker up one line changes the section's last line."""
    text = "# --8<-- [start:demo]\ndef f():\n    return 1\n# --8<-- [end:demo]\n"
    moved = "# --8<-- [start:demo]\ndef f():\n# --8<-- [end:demo]\n    return 1\n"
    assert included_lines(text, "demo")[-1].strip() == "return 1"
    assert included_lines(moved, "demo")[-1].strip() != "return 1"


def test_the_built_lesson_shows_no_section_markers(lesson_site):
    """pymdownx.snippets drops marker lines from what it includes (the v1.0.7 page has no diffs)."""
    html = (lesson_site[1] / "v1.0.7/index.html").read_text(encoding="utf-8")
    assert "login_user" in html, "the included step code is missing: build the site first (nox -s docs)"
    assert "8&lt;-" not in html and "8<-" not in html


def named_tests():
    for page in sorted((ROOT / "docs").glob("*.md")):
        for path, name in re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page.read_text(encoding="utf-8")):
            yield page.name, path, name


@pytest.mark.parametrize(("page", "path", "name"), list(named_tests()))
def test_tests_named_in_prose_exist(page, path, name):
    """A page that names a test (the threat model's tables) names one that is there."""
    assert (ROOT / path).is_file(), f"{page} names {path}, which does not exist"
    assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), (
        f"{page} names {path}::{name}, not found"
    )
