"""What the v1.0.8 lesson says about old hashes under the Werkzeug the step installs (v1.0.8.md#rehash)."""

import pytest

pytestmark = pytest.mark.reference  # a fact about Werkzeug, not about the learner's code


@pytest.mark.since("1.0.8")
@pytest.mark.lesson("v1.0.8", "rehash")
def test_werkzeug_3_refuses_a_plain_salted_sha256_hash():
    """Werkzeug 3은 2.x의 sha256$솔트$해시값을 확인하지 못하고 ValueError를 냅니다 (False가 아님)."""
    from werkzeug.security import check_password_hash

    with pytest.raises(ValueError, match="sha256"):
        check_password_hash("sha256$salt$" + "0" * 64, "correct-horse-42")
