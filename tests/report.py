"""The learner's Korean report: a pytest plugin that `nox -s check` loads with `-p report`.

It groups the results by lesson section, in lesson order, and for each failing test prints its
hint (the docstring's first line) and where to read: the page and anchor, and the `nox -s serve` URL.
Without -v, pytest's own per-test output is silenced; with -v, it is all there as usual.
"""

from collections import Counter

import pytest
from lessons import Section, first_line, outline

REFERENCE_NOTE = (
    "참조 테스트 {count}개는 뺐습니다: 이 리포지토리의 문구와 마크업을 고정하는 테스트라, "
    "내 코드의 문구가 달라도 괜찮습니다 (docs/contract.md#not-checked, {url})."
)


def pytest_addoption(parser):
    parser.addoption("--learner-folder", default="", help="the folder under check, shown in the report")


class LessonReport:
    def __init__(self, config):
        self.config = config
        self.items = []
        self.outcomes = {}  # nodeid -> "passed" | "failed" | "skipped"
        self.causes = {}  # nodeid -> one line: why it failed
        self.left_out = 0

    def pytest_deselected(self, items):
        # Count the reference tests this step would run: not those of a later step (`since`).
        from conftest import applies_to_this_step  # the suite's own rule, once the suite is loaded

        self.left_out += sum(
            1 for item in items if item.get_closest_marker("reference") and applies_to_this_step(item)
        )

    def pytest_collection_finish(self, session):
        self.items = list(session.items)

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(self, report, config):
        category, letter, word = yield
        # The report below replaces pytest's dots; with -v, keep pytest's PASSED/FAILED lines.
        return (category, letter, word) if config.get_verbosity() > 0 else (category, "", "")

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
            self.causes.setdefault(report.nodeid, cause_of(report))
        elif report.when == "call" or report.skipped:
            self.outcomes.setdefault(report.nodeid, report.outcome)

    def pytest_terminal_summary(self, terminalreporter):
        for line in self.lines():
            terminalreporter.write_line(line)

    def lines(self):
        sections = {(section.page, section.anchor): section for section in outline()}  # in lesson order
        order = {key: index for index, key in enumerate(sections)}
        groups = {}
        for item in self.items:
            marker = item.get_closest_marker("lesson")
            key = tuple(marker.args) if marker else ("?", "?")
            groups.setdefault(key, []).append(item)
        ordered = sorted(groups, key=lambda key: (order.get(key, len(order)), key))

        folder = self.config.getoption("learner_folder")
        yield ""
        yield f"== 강의 절별 결과{f': {folder}' if folder else ''} =="
        totals = Counter()
        failures = []
        page = None
        for key in ordered:
            section = sections.get(key) or Section(*key, title=f"#{key[1]}")
            if section.page != page:
                page = section.page
                yield f"{page} (docs/{page}.md)"
            results = [self.outcomes.get(item.nodeid, "skipped") for item in groups[key]]
            passed, failed = results.count("passed"), results.count("failed")
            totals.update(results)
            yield f"  {'✗' if failed else '✓'} {section.title} {passed}/{passed + failed}"
            if failed:
                failures.append(
                    (section, [item for item in groups[key] if self.outcomes.get(item.nodeid) == "failed"])
                )

        for section, items in failures:
            yield ""
            yield f"✗ {section.title}: {section.source}"
            yield f"  {section.url}  (nox -s serve)"
            for item in items:
                yield f"  - {hint_of(item)}"
                yield f"    테스트: {item.nodeid}"
                yield f"    원인: {self.causes[item.nodeid]}"

        yield ""
        passed, failed = totals["passed"], totals["failed"]
        if failed:
            yield f"통과 {passed}/{passed + failed}. 위 절을 읽고 고친 뒤 다시 검사하세요 (자세히: 끝에 -v)."
        else:
            yield f"통과 {passed}/{passed + failed}. 모든 절을 통과했습니다."
        if self.left_out:
            not_checked = Section("contract", "not-checked", "")
            yield REFERENCE_NOTE.format(count=self.left_out, url=not_checked.url)


def hint_of(item):
    return first_line(getattr(item, "function", None) and item.function.__doc__) or item.name


def cause_of(report, width=160):
    """The last line of the error (e.g. `AssertionError: ...`, `ImportError: ...`), shortened."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash else str(report.longrepr)
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def pytest_configure(config):
    if config.get_verbosity() <= 0:
        config.option.verbose = -1  # no per-file progress lines: the report is the output
        config.option.reportchars = ""  # the report lists the failures; pytest's summary would repeat them
        config.option.tbstyle = "no"
    config.pluginmanager.register(LessonReport(config), "lesson-report")
