"""`nox -s check -- <step> <folder>`: a learner's folder against a step's contract tests."""

import re
import shutil
import subprocess
import sys
import time

import pytest
from report import VERDICT

from noxfile import ROOT, STEPS

from .conftest import LEARNER_ENV, nox

INDEPENDENT = ROOT / "tests" / "independent"


def copy_step(step, dest, layout):
    """A learner's folder: a whole step folder (pyproject.toml and all) or just the package."""
    ignore = shutil.ignore_patterns("__pycache__")
    if layout == "step folder":
        shutil.copytree(ROOT / "steps" / step, dest, ignore=ignore)
    else:
        shutil.copytree(ROOT / "steps" / step / "googlekaap", dest / "googlekaap", ignore=ignore)
    return dest


def independent(step, dest):
    """The implementation written from docs/contract.md alone: v1.0.7, and v1.0.8 as a patch on it."""
    shutil.copytree(INDEPENDENT / "v1.0.7", dest, ignore=shutil.ignore_patterns("__pycache__"))
    if step != "v1.0.7":
        subprocess.run(["git", "apply", str(INDEPENDENT / f"{step}.patch")], cwd=dest, check=True)
    return dest


def report_counts(output):
    """The report's count line, `테스트 N개 = 통과 a + 실패 b + …`: (N, [a, b, …])."""
    line = next(line for line in output.splitlines() if line.startswith("테스트 ") and " = 통과 " in line)
    total, parts = line.split(" = ", 1)
    return int(re.search(r"\d+", total)[0]), [int(part.rsplit(" ", 1)[1]) for part in parts.split(" + ")]


@pytest.mark.parametrize(("step", "layout"), [(STEPS[0], "step folder"), (STEPS[-1], "bare package")])
def test_a_copy_of_a_step_passes_its_check(run_check, tmp_path, step, layout):
    folder = copy_step(step, tmp_path / "mine", layout)
    code, output = run_check(step, folder)
    assert code == 0, output
    assert f"{folder}는 {step}의 검사를 모두 통과했습니다." in output
    assert "✓ 모든 절을 통과했습니다." in output
    assert "참조: 이 리포지토리의 문구·마크업을 고정합니다" in output


@pytest.mark.parametrize("step", STEPS)
def test_an_independent_implementation_passes_check_but_not_our_reference_tests(run_check, tmp_path, step):
    """Other markup, other wording, one routes module, a plain dict with its own lock: still correct."""
    folder = independent(step, tmp_path / "mine")
    code, output = run_check(step, folder)
    assert code == 0, output

    # The reference layer pins our wording and markup: it is right to fail here, and check leaves it out.
    code, output = run_check(step, folder, "-m", "reference and not stress")
    assert code != 0, output


def test_a_failing_folder_gets_its_first_section_one_cause_once_and_counts_that_add_up(run_check, tmp_path):
    """Logout that forgets the id: the report opens with the first section in lesson order that fails."""
    folder = copy_step(STEPS[0], tmp_path / "mine", "step folder")
    route = folder / "googlekaap" / "routes" / "auth_route.py"
    route.write_text(route.read_text().replace('session.pop("user_id", None)', "pass  # forgot"))

    code, output = run_check(STEPS[0], folder)
    assert code != 0, output
    first = output.split("다음에 고칠 곳:\n", 1)[1].split("\n\n절별 결과")[0]
    assert first.startswith("✗ "), output
    assert "  원인 1/" in first and "    힌트: " in first and "이 원인으로 실패한 테스트 " in first
    assert "http://127.0.0.1:8000/" in first and "(nox -s serve)" in first
    assert "  ✗ 로그아웃 " in output, "each section has its line"
    assert "Traceback" not in output and "def test_" not in output, "pytest detail only with -v"
    assert f"{folder}는 {STEPS[0]}의 검사를 통과하지 못했습니다." in output
    total, parts = report_counts(output)
    assert total == sum(parts), output

    code, output = run_check(STEPS[0], folder, "-v")
    assert "FAILED tests/test_auth.py::test_logout_pops_user_id_and_redirects_to_login" in output
    hint = "로그아웃은 session.pop('user_id', None)으로 아이디를 지우고 302로 /auth/login에 보내야 합니다."
    assert hint in output, "-v shows every failing section's causes"
    assert "로그아웃했는데 session['user_id']가 남아 있습니다\n" in output
    assert "assert 'alice' is None" in output, "pytest's own account, on its own lines"
    collected = re.search(r"collected (\d+) items", output)
    assert collected and int(collected[1]) == report_counts(output)[0], (
        "the report counts what pytest collected"
    )


def test_watch_answers_about_the_section_being_worked_on_in_a_reused_venv(tmp_path):
    """`nox -R -s check -- … --watch` after a plain check (-R installs nothing: watchfiles must be there)."""
    folder = copy_step(STEPS[0], tmp_path / "mine", "step folder")
    route = folder / "googlekaap" / "routes" / "auth_route.py"
    right = route.read_text()
    route.write_text(right.replace('session.pop("user_id", None)', "pass  # forgot"))
    envdir = tmp_path / "envs"
    code, output = nox(envdir, "check", "--", STEPS[0], str(folder), env=LEARNER_ENV)
    assert code != 0 and "다음에 고칠 곳:" in output, output

    command = [
        sys.executable,
        "-m",
        "nox",
        "--no-color",
        "-f",
        str(ROOT / "noxfile.py"),
        "--envdir",
        str(envdir),
    ]
    command += ["-R", "-s", "check", "--", STEPS[0], str(folder), "--watch"]
    watcher = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=LEARNER_ENV
    )
    seen = []
    try:
        read_until(watcher, seen, "테스트 ")  # the first report
        route.write_text(right)
        verdict = read_until(watcher, seen, VERDICT)
        assert verdict.startswith(f"{VERDICT} ✓ "), "".join(seen)
        read_until(watcher, seen, "테스트 ")
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    assert "Program watchfiles not found" not in "".join(seen)


def read_until(process, seen, start, timeout=120):
    """The first line from `process` that starts with `start` (its lines go to `seen` as they come)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith(start):
            return line
    raise AssertionError(f"no line starting {start!r}:\n{''.join(seen)}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["v0.0.1", "{folder}"], f"알 수 없는 단계입니다: 'v0.0.1'. 있는 단계: {', '.join(STEPS)}"),
        ([STEPS[0], "{folder}/nowhere"], "폴더가 없습니다: {folder}/nowhere"),
        ([STEPS[0], "{folder}"], "{folder} 안에 googlekaap 패키지(googlekaap/__init__.py)가 없습니다."),
        ([STEPS[0]], "사용법: nox -s check -- v1.0.7 ~/my-googlekaap [--watch]"),
    ],
    ids=["unknown step", "missing folder", "no googlekaap", "one argument"],
)
def test_check_refuses_bad_arguments_in_korean(run_nox, tmp_path, args, message):
    code, output = run_nox("check", "--", *(arg.format(folder=tmp_path) for arg in args))
    assert code != 0
    assert message.format(folder=tmp_path) in output
