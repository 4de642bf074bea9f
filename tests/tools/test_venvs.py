"""`nox -R` reuses venvs and skips installs, so each venv must hold one step (noxfile's install_step)."""

from noxfile import STEPS


def test_a_venv_that_holds_another_step_is_refused(run_nox, tmp_path):
    """가상환경 하나에 단계 하나: 다른 단계가 든 가상환경이면 그 단계를 테스트하지 말고 멈춰야 합니다.

    The install-only run makes the venv; then it is marked as holding the next step, as a session
    that installed two steps would leave it.
    """
    session = f"tests(step='{STEPS[0]}')"
    code, output = run_nox(session, "--install-only")
    assert code == 0, output
    venv = tmp_path / "envs" / f"tests-step-{STEPS[0].replace('.', '-')}"
    assert (venv / "googlekaap-step").read_text() == STEPS[0]

    (venv / "googlekaap-step").write_text(STEPS[1])
    code, output = run_nox(session, "--reuse-venv=yes")
    assert code != 0, output
    assert f"이 가상환경에는 이미 {STEPS[1]}가 있어 {STEPS[0]}를 설치하지 않습니다" in output
