"""Checks of the lesson site. Run by `nox -s docs` after the strict builds: each check of a build runs
once per builder (mkdocs-material and Zensical, see `lesson_site` in tests/conftest.py)."""

import functools
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import lessons
import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).parents[2]
INCLUDE = re.compile(r'^\s*--8<-- "([^"]+)"', re.MULTILINE)


def nav_pages(nav):
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            yield from nav_pages(value) if isinstance(value, list) else [value]


def includes():
    for page in sorted((ROOT / "docs").glob("*.md")):
        for target in INCLUDE.findall(page.read_text(encoding="utf-8")):
            yield page.name, target


def test_every_nav_page_exists():
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages = list(nav_pages(config["nav"]))
    assert len(pages) >= 4
    missing = [page for page in pages if not (ROOT / "docs" / page).is_file()]
    assert not missing, f"nav names pages that do not exist: {missing}"
    # The report and the test lists read the nav with a regex (no YAML in the check venv): the same pages.
    assert lessons.nav_pages() == [page.removesuffix(".md") for page in pages]


@pytest.mark.parametrize(("page", "target"), list(includes()), ids=lambda value: str(value))
def test_every_included_path_and_section_exists(page, target):
    path, _, section = target.partition(":")
    assert (ROOT / path).is_file(), f"{page} includes {path}, which does not exist"
    if section:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert f"--8<-- [start:{section}]" in text, f"{page} includes section {section!r} missing in {path}"


def test_lessons_show_code_from_every_step():
    shown = set()
    for page in sorted((ROOT / "docs").glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if (directive := lessons.CODE_DIRECTIVE.match(line)) and directive["body"].split()[1].startswith(
                "steps/"
            ):
                shown.add(directive["body"].split()[1].split("/")[1])
    assert shown == set(lessons.step_names())


def visible_text(html):
    """What a reader sees of a page: its text without comments, scripts and tags."""
    html = re.sub(r"<!--.*?-->|<script\b.*?</script>", "", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_no_page_shows_a_snippet_line(lesson_site):
    """Every `--8<--` line was replaced by what it includes: none reaches a reader."""
    _, site = lesson_site
    raw = re.compile(r"^\s*;?-+8<-+\s", re.MULTILINE)
    shown = [
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        if raw.search(visible_text(page.read_text()))
    ]
    assert not shown, shown


class ExternalResources(HTMLParser):
    """Collect what a page would LOAD from elsewhere: scripts, styles, fonts, images, frames."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get(self.LOADS.get(tag, ""), "") or ""
        if tag == "link" and attrs.get("rel") in {"canonical", "alternate"}:
            return
        if re.match(r"(https?:)?//", url):
            self.found.append(f"<{tag}> {url}")


def test_the_built_site_loads_nothing_from_outside(lesson_site):
    _, site = lesson_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5, "build the site first: nox -s docs"
    external = []
    for page in pages:
        parser = ExternalResources()
        parser.feed(page.read_text(encoding="utf-8"))
        external += [f"{page.relative_to(site)}: {item}" for item in parser.found]
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        external += [
            f"{sheet.name}: {url}"
            for url in re.findall(r"(?:url\(|@import\s)['\"]?((?:https?:)?//[^'\")]+)", text)
        ]
    assert not external, external


def test_mermaid_is_served_from_the_site(lesson_site):
    _, site = lesson_site
    assert (site / "assets/javascripts/mermaid.min.js").stat().st_size > 1_000_000
    assert 'class="mermaid"' in (site / "session/index.html").read_text(encoding="utf-8")


def files(top):
    return (path for path in top.rglob("*") if path.is_file())


def test_generated_files_are_what_the_steps_and_tests_give_now(tmp_path):
    generated = ROOT / "docs/generated"
    lessons.generate(out_dir=tmp_path)
    fresh, built = (
        {path.relative_to(top): path.read_text() for path in files(top)} for top in (tmp_path, generated)
    )
    assert any(path.suffix == ".diff" for path in fresh), "no step pairs to diff"
    assert any(path.parts[0] == "tests" for path in fresh), "no per-section test lists"
    assert any(path.parts[0] == "code" for path in fresh), "no code pieces"
    assert built == fresh, "docs/generated is stale: run nox -s docs"
    # The lesson's diff fence shows each file with the step-relative paths a reader can open.
    assert "+++ b/steps/v1.0.8/googlekaap/routes/auth_route.py" in fresh[Path("v1.0.8.diff")]


BUILD = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
    "zensical": [sys.executable, "-m", "zensical", "build", "--strict", "--clean"],
}


def test_a_changed_step_line_changes_the_lesson_code_and_diff(tmp_path, lesson_site):
    """Edit a step file in a copy of the project: the next build shows it, with no edit under docs/."""
    builder, site = lesson_site
    for name in ["steps", "docs", "tests", "mkdocs.yml", "noxfile.py"]:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(
            source,
            tmp_path / name,
            **({"ignore": shutil.ignore_patterns("generated", "__pycache__")} if source.is_dir() else {}),
        )
    route = tmp_path / "steps/v1.0.8/googlekaap/routes/auth_route.py"
    marker = "# drift-check-marker"
    # Inside the login view: a change in the lesson's login hunk and in the whole diff.
    text = route.read_text(encoding="utf-8")
    route.write_text(
        text.replace(
            "    form = LoginForm(request.form)\n", f"    form = LoginForm(request.form)\n    {marker}\n"
        ),
        encoding="utf-8",
    )

    lessons.generate(tmp_path)
    subprocess.run(BUILD[builder], cwd=tmp_path, check=True)
    lesson = (tmp_path / "site/v1.0.8/index.html").read_text(encoding="utf-8")
    # In the included login section, and as an added line of the generated diff (whole and its hunk).
    assert lesson.count(marker) >= 2, lesson.count(marker)
    assert marker not in (site / "v1.0.8/index.html").read_text(encoding="utf-8")


# --- every test names the lesson section it proves ---------------------------------------------

PROOFS = lessons.all_proofs()
HANGUL = re.compile(r"[가-힣]")


@functools.cache  # one read per built page, not one per test that names it
def built_ids(site, page):
    html = site / ("index.html" if page == "index" else f"{page}/index.html")
    assert html.is_file(), f"no built page for {page}: build the site first (nox -s docs)"
    return frozenset(re.findall(r'\sid="([^"]+)"', html.read_text(encoding="utf-8")))


def test_the_index_finds_the_suite():
    assert len(PROOFS) >= 50
    assert {proof.file for proof in PROOFS} >= {"test_auth.py", "browser/test_login_flow.py"}


@pytest.mark.parametrize("proof", PROOFS, ids=lambda proof: proof.nodeid)
def test_every_test_names_a_lesson_section_that_exists_in_the_built_site(proof, lesson_site):
    builder, site = lesson_site
    assert proof.lesson, f"{proof.nodeid} has no @pytest.mark.lesson(page, anchor)"
    page, anchor = proof.lesson
    assert anchor in built_ids(site, page), f"{proof.nodeid} names {page}#{anchor}, which {builder} lacks"


@pytest.mark.parametrize("proof", PROOFS, ids=lambda proof: proof.nodeid)
def test_every_test_starts_its_docstring_with_a_korean_hint(proof):
    assert HANGUL.search(proof.hint), f"{proof.nodeid}: the docstring's first line must be a Korean hint"


PROVED_SECTIONS = sorted({tuple(proof.lesson) for proof in PROOFS if proof.lesson})


@pytest.mark.parametrize(("page", "anchor"), PROVED_SECTIONS, ids="#".join)
def test_every_proved_section_includes_its_test_list(page, anchor):
    include = f'--8<-- "docs/generated/tests/{page}/{anchor}.md"'
    assert include in (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8"), (
        f"docs/{page}.md does not include the tests of #{anchor}: add {include}"
    )


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
