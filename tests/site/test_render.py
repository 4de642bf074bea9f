"""Every page renders as written, in each build (mkdocs-material and Zensical; `lesson_site`).

A fenced block of a page's Markdown source, or of the generated Markdown it includes, must come out as
exactly one code block. A fence that does not close where it should swallows the prose after it until a
later fence closes it: then the counts differ, and a literal ``` shows inside a code block. No snippet
include line may show either.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import lessons
import pytest

ROOT = Path(__file__).parents[2]
# CommonMark: a fence is three or more backticks or tildes, indented (in a list, tab or admonition) or not.
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INCLUDE = re.compile(r'^\s*-+8<-+\s+"([^"]+)"\s*$')  # pymdownx.snippets' one-line include
SNIPPET_LINE = re.compile(r"-+8<-+")


def fence_lines(path, seen=()):
    """The fence lines of `path` as written, with those of the Markdown files it includes (outside fences).

    Each block is written as an opening and a closing fence line, so a page shows half as many code blocks.
    Counted line by line, not parsed: a closing fence glued to the line before it is not a fence line, and
    then the page shows fewer blocks than its author wrote.
    """
    assert path not in seen, f"{path} includes itself"
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            count += 1
        elif count % 2 == 0 and (include := INCLUDE.match(line)) and include[1].endswith(".md"):
            target = ROOT / include[1]
            assert target.is_file(), f"{path.relative_to(ROOT)} includes {include[1]}, which does not exist"
            count += fence_lines(target, (*seen, path))
    return count


class CodeBlocks(HTMLParser):
    """The text of every <pre> inside the page's <article>, and the article's whole text."""

    def __init__(self):
        super().__init__()
        self.depth = {"article": 0, "pre": 0}
        self.blocks, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1
            if tag == "pre" and self.depth["article"]:
                self.blocks.append("")

    def handle_endtag(self, tag):
        if tag in self.depth and self.depth[tag]:
            self.depth[tag] -= 1

    def handle_data(self, data):
        if self.depth["article"]:
            self.text.append(data)
            if self.depth["pre"]:
                self.blocks[-1] += data


def built(site, page):
    html = site / ("index.html" if page == "index" else f"{page}/index.html")
    assert html.is_file(), f"no built page for {page}: build the site first (nox -s docs)"
    parser = CodeBlocks()
    parser.feed(html.read_text(encoding="utf-8"))
    return parser


PAGES = lessons.nav_pages()


def test_the_counter_does_not_take_a_glued_fence_for_a_fence(tmp_path):
    """The check itself: the mistakes page's bug, a closing fence glued to the last diff line."""
    page = tmp_path / "page.md"
    page.write_text("```diff\n-old\n+new```\n\nprose\n\n```text\nreport\n```\n")
    assert fence_lines(page) == 3  # written as two blocks; Markdown shows one, which swallows the prose


@pytest.mark.parametrize("page", PAGES)
def test_every_fenced_block_becomes_one_code_block(lesson_site, page):
    builder, site = lesson_site
    written = fence_lines(ROOT / "docs" / f"{page}.md")
    shown = len(built(site, page).blocks)
    assert written % 2 == 0 and shown == written // 2, (
        f"{builder}: docs/{page}.md writes {written} fence lines (with the Markdown it includes), "
        f"so {written / 2:g} code blocks; the built page shows {shown}"
    )


@pytest.mark.parametrize("page", PAGES)
def test_no_code_block_shows_a_fence(lesson_site, page):
    builder, site = lesson_site
    glued = [block for block in built(site, page).blocks if "```" in block or "~~~" in block]
    assert not glued, f"{builder}: {page} shows a literal fence inside a code block:\n{glued[0][:500]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_snippet_line(lesson_site, page):
    builder, site = lesson_site
    lines = "".join(built(site, page).text).splitlines()
    shown = [line.strip() for line in lines if SNIPPET_LINE.search(line)]
    assert not shown, f"{builder}: {page} shows snippet lines: {shown[:3]}"
