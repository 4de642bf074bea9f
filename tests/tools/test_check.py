"""`nox -s check -- <step> <folder>`: a learner's folder against a step's suite."""

import shutil

import pytest

from noxfile import ROOT, STEPS


def copy_step(step, dest, layout):
    """A learner's folder: a whole step folder (pyproject.toml and all) or just the package."""
    if layout == "step folder":
        shutil.copytree(ROOT / "steps" / step, dest)
    else:
        shutil.copytree(ROOT / "steps" / step / "googlekaap", dest / "googlekaap")
    return dest


@pytest.mark.parametrize("layout", ["step folder", "bare package"])
@pytest.mark.parametrize("step", STEPS)
def test_a_copy_of_a_step_passes_its_check(run_nox, tmp_path, step, layout):
    folder = copy_step(step, tmp_path / "mine", layout)
    code, output = run_nox("check", "--", step, str(folder))
    assert code == 0, output
    assert f"{folder}는 {step}의 테스트를 모두 통과했습니다." in output


def test_a_logout_that_keeps_the_session_fails_and_names_the_logout_test(run_nox, tmp_path):
    folder = copy_step(STEPS[0], tmp_path / "mine", "step folder")
    route = folder / "googlekaap" / "routes" / "auth_route.py"
    code = route.read_text()
    assert 'session.pop("user_id", None)' in code
    route.write_text(code.replace('session.pop("user_id", None)', "pass  # the learner forgot this"))

    code, output = run_nox("check", "--", STEPS[0], str(folder))
    assert code != 0, output
    assert "FAILED tests/test_auth.py::test_logout_pops_user_id_and_redirects_to_login" in output
    assert f"{folder}는 {STEPS[0]}의 테스트를 통과하지 못했습니다." in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["v0.0.1", "{folder}"], f"알 수 없는 단계입니다: 'v0.0.1'. 있는 단계: {', '.join(STEPS)}"),
        ([STEPS[0], "{folder}/nowhere"], "폴더가 없습니다: {folder}/nowhere"),
        ([STEPS[0], "{folder}"], "{folder} 안에 googlekaap 패키지(googlekaap/__init__.py)가 없습니다."),
        ([STEPS[0]], "사용법: nox -s check -- v1.0.7 ~/my-googlekaap"),
    ],
    ids=["unknown step", "missing folder", "no googlekaap", "one argument"],
)
def test_check_refuses_bad_arguments_in_korean(run_nox, tmp_path, args, message):
    code, output = run_nox("check", "--", *(arg.format(folder=tmp_path) for arg in args))
    assert code != 0
    assert message.format(folder=tmp_path) in output
