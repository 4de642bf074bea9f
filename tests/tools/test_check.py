"""`nox -s check -- <step> <folder>`: a learner's folder against a step's contract tests."""

import shutil
import subprocess

import pytest

from noxfile import ROOT, STEPS

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


@pytest.mark.parametrize(("step", "layout"), [(STEPS[0], "step folder"), (STEPS[-1], "bare package")])
def test_a_copy_of_a_step_passes_its_check(run_check, tmp_path, step, layout):
    folder = copy_step(step, tmp_path / "mine", layout)
    code, output = run_check(step, folder)
    assert code == 0, output
    assert f"{folder}는 {step}의 검사를 모두 통과했습니다." in output
    assert "모든 절을 통과했습니다." in output
    assert "참조 테스트" in output and "개는 뺐습니다" in output


@pytest.mark.parametrize("step", STEPS)
def test_an_independent_implementation_passes_check_but_not_our_reference_tests(run_check, tmp_path, step):
    """Other markup, other wording, one routes module, a plain dict with its own lock: still correct."""
    folder = independent(step, tmp_path / "mine")
    code, output = run_check(step, folder)
    assert code == 0, output

    # The reference layer pins our wording and markup: it is right to fail here, and check leaves it out.
    code, output = run_check(step, folder, "-m", "reference and not stress")
    assert code != 0, output


def test_a_failing_folder_gets_the_hint_the_lesson_link_and_a_nonzero_exit(run_check, tmp_path):
    folder = copy_step(STEPS[0], tmp_path / "mine", "step folder")
    route = folder / "googlekaap" / "routes" / "auth_route.py"
    route.write_text(route.read_text().replace('session.pop("user_id", None)', "pass  # forgot"))

    code, output = run_check(STEPS[0], folder)
    assert code != 0, output
    assert "✗ " in output and "docs/v1.0.7.md#logout" in output
    assert "http://127.0.0.1:8000/v1.0.7/#logout  (nox -s serve)" in output
    hint = "로그아웃은 session.pop('user_id', None)으로 아이디를 지우고 302로 /auth/login에 보내야 합니다."
    assert hint in output
    assert "Traceback" not in output and "def test_" not in output, "pytest detail only with -v"
    assert f"{folder}는 {STEPS[0]}의 검사를 통과하지 못했습니다." in output

    code, output = run_check(STEPS[0], folder, "-v")
    assert "FAILED tests/test_auth.py::test_logout_pops_user_id_and_redirects_to_login" in output
    assert "assert 'alice' is None" in output


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
