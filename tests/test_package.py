"""The package a step installs: its version is the step's."""

import os

import pytest


@pytest.mark.lesson("v1.0.7", "hello")
def test_the_package_version_is_the_steps():
    """__version__은 검사하는 단계의 버전이어야 합니다: 단계 폴더를 복사했다면 버전도 바꾸세요."""
    import googlekaap

    expected = os.environ.get("GOOGLEKAAP_STEP")
    if expected is None:
        pytest.skip("run through nox, which names the step (GOOGLEKAAP_STEP)")
    version = expected.lstrip("v")
    assert googlekaap.__version__ == version, (
        f"googlekaap.__version__이 {googlekaap.__version__!r}입니다: {expected}이면 {version!r}여야 합니다"
    )
