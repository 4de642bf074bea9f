"""The code pieces a page shows by name (lessons.code_pieces): what each shows, and each way to get one wrong.

Each test writes a small page and source files into tmp_path and asks for that page's pieces.
"""

import inspect
import re
from pathlib import Path

import lessons
import pytest

ROOT = Path(__file__).parents[2]

SOURCE = '''\
import os

LIMIT = 3


class Box:
    """A box."""

    size = 1

    def grow(self):
        self.size += 1


@decorated
def build(config=None):
    """Build it."""
    app = object()
    # read the environment first
    name = os.environ.get("NAME")
    if config is not None:
        app.config = config
        app.ready = True

    return app
'''

TEMPLATE = """\
{% extends "base.html" %}
{% block content %}
  <h1>title</h1>
  <p>text</p>
{% endblock %}
"""


def page(*directives):
    """A page (docs/p.md) with each directive and its include line."""
    lines = []
    for directive in directives:
        lines += [
            f"<!-- code: {directive} -->",
            f'--8<-- "docs/generated/code/p/{directive.split()[0]}.md"',
            "",
        ]
    return "\n".join(lines)


def pieces(tmp_path, markdown):
    """{id: (title, hl_lines or None, code lines)} of the page, with app.py, t.html and empty.py beside it."""
    (tmp_path / "app.py").write_text(SOURCE)
    (tmp_path / "t.html").write_text(TEMPLATE)
    (tmp_path / "empty.py").write_text("")
    shown = {}
    for directive, block in lessons.code_pieces("p", markdown, tmp_path).items():
        head, *code, fence = block.splitlines()
        assert fence == "```" and head.startswith("```"), block
        title = re.search(r'title="([^"]*)"', head)[1]
        marks = re.search(r'hl_lines="([^"]*)"', head)
        shown[directive.id] = (title, marks and marks[1], code)
    return shown


def fails(tmp_path, markdown, message):
    with pytest.raises(lessons.PageError, match=message):
        pieces(tmp_path, markdown)


# --- what a piece shows ------------------------------------------------------------------------


def test_a_whole_unit_is_its_source_with_decorators_and_no_highlight(tmp_path):
    title, marks, code = pieces(tmp_path, page("b app.py:build"))["b"]
    assert title == "app.py (build)" and marks is None
    assert "\n".join(code) == SOURCE[SOURCE.index("@decorated") :].rstrip("\n")


def test_a_piece_equals_the_named_functions_source():
    """A real page: the session lesson's decoder is the function the suite runs, line for line."""
    import test_session_cookie

    directive, block = next(
        item
        for item in lessons.code_pieces(
            "session", (ROOT / "docs/session.md").read_text(encoding="utf-8")
        ).items()
        if item[0].unit == "decode_session_cookie"
    )
    source = inspect.getsource(test_session_cookie.decode_session_cookie)
    assert block.splitlines()[1:-1] == source.splitlines()
    assert block.startswith('```python title="tests/test_session_cookie.py (decode_session_cookie)"\n')


def test_add_shows_whole_statements_with_the_comment_above_and_the_def_header(tmp_path):
    shown = pieces(tmp_path, page('b app.py:build add="environ|ready"'))
    assert shown["b"][2] == [
        "@decorated",
        "def build(config=None):",
        '    """Build it."""',
        "    # read the environment first",
        '    name = os.environ.get("NAME")',
        "    if config is not None:",
        "        app.config = config",
        "        app.ready = True",
    ]


def test_later_pieces_add_to_what_was_shown_and_highlight_only_the_new_lines(tmp_path):
    shown = pieces(
        tmp_path,
        page('one app.py:build add="object|return"', 'two app.py:build add="environ"', "three app.py:build"),
    )
    assert shown["one"][1] is None  # a first showing is all new: nothing to highlight
    assert shown["one"][2][-3:] == ["    app = object()", "", "    return app"]
    title, marks, code = shown["two"]
    assert code[4:] == [
        "    # read the environment first",
        '    name = os.environ.get("NAME")',
        "",
        "    return app",
    ]
    assert marks == "5 6"
    # The blank line above `return` stays where the file has it, whatever is shown before it.
    assert shown["three"][1] == "7 8 9"
    assert shown["three"][2][-2:] == ["", "    return app"]


def test_blank_lines_show_only_between_two_shown_lines_as_the_file_has_them(tmp_path):
    code = pieces(tmp_path, page('m app.py add="^import|^LIMIT"'))["m"][2]
    assert code == ["import os", "", "LIMIT = 3"]
    code = pieces(tmp_path, page('m app.py add="^LIMIT|size \\+= 1"'))["m"][2]
    # Nothing blank first or last; between two shown lines, the longest blank run the file has there.
    assert code == [
        "LIMIT = 3",
        "",
        "",
        "class Box:",
        '    """A box."""',
        "",
        "    def grow(self):",
        "        self.size += 1",
    ]


def test_a_module_level_def_is_a_container_and_its_header_line_shows_it_whole(tmp_path):
    shown = pieces(tmp_path, page('a app.py add="app.ready"', "b empty.py", 'c app.py:Box add="class Box"'))
    assert shown["a"][2] == [
        "@decorated",
        "def build(config=None):",
        '    """Build it."""',
        "    if config is not None:",
        "        app.config = config",
        "        app.ready = True",
    ]
    assert shown["c"][2] == SOURCE[SOURCE.index("class Box") : SOURCE.index("\n\n\n@decorated")].splitlines()


def test_a_method_comes_with_its_class_line_and_dots_for_the_rest(tmp_path):
    title, marks, code = pieces(tmp_path, page("m app.py:Box.grow"))["m"]
    assert title == "app.py (Box.grow)"
    assert code == [
        "class Box:",
        '    """A box."""',
        "    ...",
        "    def grow(self):",
        "        self.size += 1",
    ]


def test_an_empty_file_is_an_empty_block_with_its_title(tmp_path):
    assert pieces(tmp_path, page("e empty.py"))["e"] == ("empty.py", None, [])


def test_other_files_are_lines_and_a_template_block_is_a_unit(tmp_path):
    shown = pieces(
        tmp_path, page('a t.html add="extends"', 'b t.html:content add="<p>"', 'c t.html title="t"')
    )
    assert shown["a"][2] == ['{% extends "base.html" %}']
    assert shown["b"][:2] == ("t.html (content)", None)
    assert shown["b"][2] == ["{% block content %}", "  <p>text</p>", "{% endblock %}"]
    assert shown["c"] == ("t", "3", TEMPLATE.splitlines())
    # A template's lines are single lines, a block's tag too (unlike a def's header line).
    assert pieces(tmp_path, page('d t.html add="block content"'))["d"][2] == [
        "{% block content %}",
        "{% endblock %}",
    ]


def test_a_step_file_is_titled_as_in_the_learners_folder(tmp_path):
    step = tmp_path / "steps/v9/pkg"
    step.mkdir(parents=True)
    (step / "mod.py").write_text("X = 1\n")
    shown = pieces(tmp_path, page("s steps/v9/pkg/mod.py:X"))
    assert shown["s"] == ("pkg/mod.py (X)", None, ["X = 1"])


def test_code_complete_passes_when_every_line_of_every_file_was_shown(tmp_path):
    step = tmp_path / "steps/v9"
    (step / "pkg").mkdir(parents=True)
    (step / "pkg/a.py").write_text("A = 1\n\nB = 2\n")
    (step / "pkg/__init__.py").write_text("")
    markdown = page('a steps/v9/pkg/a.py add="A"', "i steps/v9/pkg/__init__.py")
    fails(
        tmp_path,
        markdown + "<!-- code-complete: steps/v9 -->\n",
        r"p\.md:6: .*a\.py never shows line 3: 'B = 2'",
    )
    markdown += page("b steps/v9/pkg/a.py:B") + "<!-- code-complete: steps/v9 -->\n"
    assert len(pieces(tmp_path, markdown)) == 3
    fails(
        tmp_path,
        page("b steps/v9/pkg/a.py") + "<!-- code-complete: steps/v9 -->\n",
        "__init__.py is never shown",
    )


# --- what fails the build, naming the page and the line ----------------------------------------


def test_an_unknown_path_fails(tmp_path):
    fails(tmp_path, "text\n\n" + page("x nope.py"), r"^docs/p\.md:3: nope\.py does not exist")


def test_a_file_that_is_not_python_fails(tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n")
    fails(tmp_path, page("x broken.py"), r"p\.md:1: broken\.py is not valid Python")


def test_an_unknown_unit_fails(tmp_path):
    fails(tmp_path, page("x app.py:create_app"), r"^docs/p\.md:1: app\.py has no unit 'create_app'")
    fails(tmp_path, page("x app.py:Box.shrink"), "has no unit 'Box.shrink'")


def test_an_add_that_adds_nothing_fails(tmp_path):
    fails(
        tmp_path,
        page('x app.py:build add="nowhere"'),
        r"p\.md:1: add='nowhere' matches nothing new in app\.py:build",
    )
    # Shown already counts as nothing new; so does a match outside the unit.
    fails(
        tmp_path,
        page("a app.py:build", 'b app.py:build add="environ"'),
        r"p\.md:4: add='environ' matches nothing",
    )
    fails(tmp_path, page('x app.py:Box add="^LIMIT"'), "matches nothing new in app.py:Box")
    fails(tmp_path, page('x app.py add="("'), "is not a regular expression")


def test_a_directive_must_be_followed_by_its_own_include(tmp_path):
    fails(
        tmp_path,
        "<!-- code: x app.py -->\n\n",
        r'p\.md:1: the next line must be --8<-- "docs/generated/code/p/x\.md"',
    )
    wrong = '<!-- code: x app.py -->\n--8<-- "docs/generated/code/p/y.md"\n'
    fails(tmp_path, wrong, r"p\.md:1: the next line must be")


def test_an_include_without_its_directive_fails(tmp_path):
    fails(tmp_path, 'text\n--8<-- "docs/generated/code/p/x.md"\n', r"p\.md:2: includes a code piece with no")


def test_an_id_used_twice_fails(tmp_path):
    fails(tmp_path, page("x app.py:LIMIT", "x app.py:build"), r"p\.md:4: the id 'x' is used twice")


def test_an_unreadable_directive_fails(tmp_path):
    fails(tmp_path, page('x app.py:build adds="os"'), r"p\.md:1: cannot read <!-- code: x app\.py:build adds")


def test_generate_fails_on_a_broken_page(tmp_path):
    """lessons.generate() stops before the build, with the page and the line."""
    for name in ["steps", "tests"]:
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("nav:\n  - p.md\n")
    (tmp_path / "docs/p.md").write_text("# p\n\n" + page("x steps/v1.0.7/googlekaap/__init__.py:create"))
    with pytest.raises(lessons.PageError, match=r"^docs/p\.md:3: .* has no unit 'create'"):
        lessons.generate(tmp_path, tmp_path / "out")
