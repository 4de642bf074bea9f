"""The package a step installs: its version is the step's."""

import os

import pytest


@pytest.mark.lesson("v1.0.7", "hello")
def test_the_package_version_is_the_steps():
    """googlekaap/__init__.py의 __version__은 그 단계의 버전(예: "1.0.7")이어야 합니다."""
    import googlekaap

    expected = os.environ.get("GOOGLEKAAP_STEP")
    if expected is None:
        pytest.skip("run through nox, which names the step (GOOGLEKAAP_STEP)")
    assert googlekaap.__version__ == expected.lstrip("v")
