"""The mistakes gallery (tests/mistakes/*.toml): for each, `check` names the right section, cause and tests.

The report each run prints is the one docs/mistakes.md shows: a run that prints anything else fails,
and `UPDATE_MISTAKE_REPORTS=1 nox -s "tools(part='mistakes')"` rewrites the committed reports from real runs.
"""

import os
import re
import shutil
from xml.etree import ElementTree

import pytest
from lessons import ROOT, load_mistakes
from report import read_at, section

from noxfile import STEPS

MISTAKES = load_mistakes()
SHOWN_FOLDER = "~/my-googlekaap"


def make_folder(mistake, folder):
    """A learner's folder: a copy of the step with the mistake's edits."""
    shutil.copytree(ROOT / "steps" / mistake.step, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name, (_, after) in mistake.changed_files().items():
        (folder / name).write_text(after, encoding="utf-8")


def report_of(output, folder):
    """The Korean report alone (its `==` line to nox's next line), with the folder as the lesson shows it.

    A CSRF token that a failure prints is random on every run: it is shown as <csrf_token>.
    """
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("== googlekaap "))
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("nox > ")), len(lines))
    report = "\n".join(lines[start:end]).replace(str(folder), SHOWN_FOLDER) + "\n"
    return re.sub(r"\b[0-9a-f]{40}\b", "<csrf_token>", report)


def failed_tests(junit):
    """The failed tests of a pytest junit file, as nodeids without parameters."""
    failed = set()
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            path = case.get("classname").replace(".", "/") + ".py"
            failed.add(f"{path}::{case.get('name').split('[')[0]}")
    return sorted(failed)


def test_there_are_mistakes_for_every_step_and_a_correct_variant():
    assert {mistake.step for mistake in MISTAKES} == set(STEPS)
    assert {"fails", "preflight", "passes"} == {mistake.outcome for mistake in MISTAKES}


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda mistake: mistake.name)
def test_check_names_the_section_the_cause_and_the_tests_of_each_mistake(run_check, tmp_path, mistake):
    folder = tmp_path / "mine"
    make_folder(mistake, folder)
    junit = tmp_path / "junit.xml"

    code, output = run_check(mistake.step, folder, f"--junitxml={junit}")
    report = report_of(output, folder)
    assert "Traceback" not in output, output
    if mistake.outcome == "passes":
        assert code == 0, report
        assert "✓ 모든 절을 통과했습니다." in report
        assert failed_tests(junit) == []
    else:
        assert code != 0, report
        assert mistake.cause in report, report
        where = "\n".join("  " + line for line in read_at(section(*mistake.section)))
        if mistake.outcome == "preflight":
            # One block, before any test: what failed, where, the fix, where to read; no pytest output.
            assert "✗ 검사를 시작하지 못했습니다: " in report and f"{where}\n" in report, report
            assert not junit.exists(), "the preflight stopped no test from running"
        else:
            # The report opens with the first section that has failures, in lesson order.
            first = report.split("다음에 고칠 곳:\n", 1)[1]
            assert first.startswith(f"✗ {section(*mistake.section).title} "), report
            assert f"\n{where}\n" in first.split("\n\n")[0] + "\n", report
            assert failed_tests(junit) == sorted(mistake.fails), report

    if os.environ.get("UPDATE_MISTAKE_REPORTS"):
        mistake.report_file.write_text(report, encoding="utf-8")
    assert mistake.report_file.read_text(encoding="utf-8") == report, (
        f"{mistake.report_file.name} differs from what check prints now: "
        "UPDATE_MISTAKE_REPORTS=1 nox -s \"tools(part='mistakes')\""
    )
