"""The built lesson site in real chromium, served from 127.0.0.1: each test runs once per builder
(mkdocs-material and Zensical; `nox -s e2e_site` builds both, see `lesson_site` in tests/conftest.py).

Every page here is opened through the guarded `page` fixture: a request that leaves 127.0.0.1 or a
console error fails the test that caused it.
"""

from pathlib import Path

import pytest
from lessons import step_names
from playwright.sync_api import expect

ROOT = Path(__file__).parents[2]
STEPS = step_names()


def pages(site, containing=""):
    """Paths of the built pages, relative to the site folder, whose HTML contains `containing`.

    The session lab's copy of the step (lab/runtime/) holds the step's Jinja templates, not pages.
    """
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("index.html")
        if path.relative_to(site).parts[0] != "lab" and containing in path.read_text(encoding="utf-8")
    )


def lesson(site, step):
    found = [path for path in pages(site) if step in path]
    assert len(found) == 1, f"{step} 강의 페이지를 하나로 찾지 못했습니다 (lesson page for {step}): {found}"
    return found[0]


def test_every_page_loads_locally_with_no_serious_accessibility_violation(
    page, lesson_site, site, site_url, axe
):
    """강의 페이지의 접근성 문제(대비, 밑줄, 대화상자 이름)는 docs/assets/의 a11y.css·a11y.js에서 고칩니다.

    Every page of this build: it has a heading, requests nothing beyond 127.0.0.1 (the `page` guard), and
    axe-core finds no serious or critical violation (counts per page in artifacts/axe/). One visit per page.
    """
    everything = pages(site)
    assert len(everything) > 1, f"사이트에 페이지가 거의 없습니다 (almost no pages): {everything}"
    found = {}
    for path in everything:
        page.goto(f"{site_url}/{path}")
        expect(page.locator("article h1"), f"{path}: 제목(h1)이 없습니다 (no page heading)").to_be_visible()
        # axe takes a while on the loaded page: late requests (fonts, lazy images) reach the guard meanwhile.
        name = path.removesuffix("index.html").strip("/").replace("/", "-") or "home"
        found[path] = axe(page, f"site-{lesson_site[0]}-{name}")
    found = {path: violations for path, violations in found.items() if violations}
    assert not found, "접근성 위반 (serious/critical):\n" + "\n".join(
        f"{path}: {violation}" for path, violations in found.items() for violation in violations
    )


# A desktop and a phone (an iPhone 12 to 15 is 390 CSS pixels wide).
WIDTHS = {"desktop": 1280, "phone": 390}


def test_every_page_fits_a_phone_and_is_photographed_for_people_to_look_at(page, lesson_site, site, site_url):
    """휴대폰 너비(390px)에서도 페이지 전체가 옆으로 밀리지 않아야 합니다 (넓은 표와 코드는 그 안에서 스크롤).

    Saves a full-page screenshot of each page at each width to artifacts/screenshots/<builder>/ (git-ignored):
    nothing compares them; they are there for a person to look at (CI keeps them as artifacts).
    """
    builder = lesson_site[0]
    folder = ROOT / "artifacts" / "screenshots" / builder
    folder.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for path in pages(site):
        name = path.removesuffix("index.html").strip("/").replace("/", "-") or "home"
        for device, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{site_url}/{path}")
            # A long page at phone width is tens of thousands of pixels tall: more than the 5 s default.
            page.screenshot(path=folder / f"{name}-{device}.png", full_page=True, timeout=60_000)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide.append(f"{path} at {width}px: the page is {scroll_width}px wide")
    assert not too_wide, "페이지가 화면보다 넓습니다 (pages wider than the screen):\n" + "\n".join(too_wide)


@pytest.mark.parametrize("step", STEPS)
def test_lesson_shows_the_step_code(page, lesson_site, site, site_url, step, screenshot):
    page.goto(f"{site_url}/{lesson(site, step)}")
    expect(
        page.locator("article .highlight code").first, f"{step} 강의에 코드 블록이 없습니다 (no code block)"
    ).to_be_visible()
    screenshot(page, f"lesson-{step}-{lesson_site[0]}")


# The first step has no earlier step to diff against.
@pytest.mark.parametrize("step", STEPS[1:])
def test_lesson_shows_the_diff_from_the_step_before(page, site, site_url, step):
    page.goto(f"{site_url}/{lesson(site, step)}")
    # pygments marks the + lines of a ```diff block as "generic inserted" (.gi).
    added = page.locator("article .highlight .gi")
    expect(
        added, f"{step} 강의에 추가된 줄(+)이 있는 diff가 없습니다 (no diff with + lines)"
    ).not_to_have_count(0)
    assert added.first.inner_text().startswith("+"), f"{step} 강의의 diff 줄이 +로 시작하지 않습니다"


def test_mermaid_diagrams_are_drawn(page, site, site_url):
    with_diagrams = pages(site, containing='<pre class="mermaid">')
    assert with_diagrams, "강의 사이트에 mermaid 다이어그램이 하나도 없습니다 (no mermaid diagram)"
    for path in with_diagrams:
        page.goto(f"{site_url}/{path}")
        # material swaps each diagram's code for a div.mermaid whose drawing sits in a CLOSED
        # shadow root: only the host's size shows that something was drawn.
        diagram = page.locator("div.mermaid").first
        expect(diagram, f"{path}: mermaid 다이어그램이 그려지지 않았습니다 (not rendered)").to_be_visible()
        height = diagram.bounding_box()["height"]
        assert height > 50, f"{path}: mermaid 다이어그램의 높이가 {height}px뿐입니다 (drawn empty)"


def search(page, builder, query):
    """Type `query` into the site's search as a reader would; returns the result entries."""
    if builder == "zensical":
        # Zensical opens its search in a dialog (inside a shadow root: Playwright's locators look in it).
        page.get_by_role("button", name="검색").click()
        page.get_by_role("combobox").fill(query)
        return page.get_by_role("option")
    box = page.get_by_placeholder("검색")
    box.fill(query)
    # material reads the query on keyup (fill sends none), and again once its web worker has the index.
    box.dispatch_event("keyup")
    return page.locator(".md-search-result__item")


@pytest.mark.parametrize("query", ["세션", "비밀번호"], ids=["session", "password"])
def test_korean_search_finds_lessons(page, lesson_site, site_url, query):
    page.goto(f"{site_url}/")
    results = search(page, lesson_site[0], query)
    # The search index is built in a worker after the page loads: on a busy machine (plain `nox` runs sessions
    # side by side) that took over 5 s once. A limit for a start-up, not a claim about speed.
    expect(
        results.first, f"'{query}'(으)로 검색해도 결과가 없습니다 (Korean search found nothing)"
    ).to_be_visible(timeout=20_000)
    expect(results.first, f"'{query}' 검색 결과에 검색어가 없습니다").to_contain_text(query)
