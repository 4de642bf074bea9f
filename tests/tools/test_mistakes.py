"""The mistakes gallery (tests/mistakes/*.toml): `check` names exactly the right tests and section for each.

The report each run prints is the one docs/mistakes.md shows: a run that prints anything else fails,
and `UPDATE_MISTAKE_REPORTS=1 nox -s "tools(part='mistakes')"` rewrites the committed reports from real runs.
"""

import os
import re
import shutil

import pytest
from lessons import ROOT, load_mistakes, outline

from noxfile import STEPS

MISTAKES = load_mistakes()
SHOWN_FOLDER = "~/my-googlekaap"


def apply(mistake, folder):
    for edit in mistake.edits:
        path = folder / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, f"{mistake.name}: {edit['old']!r} is not in {path} exactly once"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")


def report_of(output, folder):
    """The Korean report alone, with the learner's folder shown as the lesson shows it.

    A CSRF token that a failure prints is random on every run: it is shown as <csrf_token>.
    """
    start = output.index("== 강의 절별 결과")
    end = output.index("\n", output.index("참조 테스트", start))
    report = output[start:end].replace(str(folder), SHOWN_FOLDER) + "\n"
    return re.sub(r"\b[0-9a-f]{40}\b", "<csrf_token>", report)


def test_there_are_mistakes_for_every_step():
    assert {mistake.step for mistake in MISTAKES} == set(STEPS)


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda mistake: mistake.name)
def test_check_names_the_section_and_the_tests_of_each_mistake(run_check, tmp_path, mistake):
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "steps" / mistake.step, folder, ignore=shutil.ignore_patterns("__pycache__"))
    apply(mistake, folder)

    code, output = run_check(mistake.step, folder)
    assert code != 0, output
    report = report_of(output, folder)
    failed = re.findall(r"^    테스트: (\S+?)(?:\[.*\])?$", report, re.MULTILINE)
    assert sorted(set(failed)) == sorted(mistake.fails), report
    [section] = [s for s in outline() if (s.page, s.anchor) == mistake.section]
    assert f"\n✗ {section.title}: {section.source}\n  {section.url}  (nox -s serve)\n" in report, report

    if os.environ.get("UPDATE_MISTAKE_REPORTS"):
        mistake.report_file.write_text(report, encoding="utf-8")
    assert mistake.report_file.read_text(encoding="utf-8") == report, (
        f"{mistake.report_file.name} differs from what check prints now: "
        "UPDATE_MISTAKE_REPORTS=1 nox -s \"tools(part='mistakes')\""
    )
