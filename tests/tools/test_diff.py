"""`nox -s diff -- <old> <new>`: the lesson between two steps."""

import pytest

from noxfile import STEPS


def test_diff_prints_the_unified_diff_without_colour_when_piped(run_nox):
    old, new = STEPS[0], STEPS[1]
    code, output = run_nox("diff", "--", old, new)
    assert code == 0, output
    # git diff --no-index: the paths a reader can open, with git's a/ and b/ prefixes.
    assert f"--- a/steps/{old}/googlekaap/models/user.py" in output
    assert f"+++ b/steps/{new}/googlekaap/models/user.py" in output
    assert "\x1b[" not in output, "colour codes in piped output"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([STEPS[0], "v0.0.1"], f"알 수 없는 단계입니다: 'v0.0.1'. 있는 단계: {', '.join(STEPS)}"),
        ([STEPS[0]], "사용법: nox -s diff -- v1.0.7 v1.0.8"),
        ([*STEPS[:2], STEPS[0]], "사용법: nox -s diff -- v1.0.7 v1.0.8"),
    ],
    ids=["unknown step", "one step", "three steps"],
)
def test_diff_refuses_bad_arguments_in_korean(run_nox, args, message):
    code, output = run_nox("diff", "--", *args)
    assert code != 0
    assert message in output
