"""The >>> examples of the lessons print what the pages say they print.

Each example runs in a fresh Python process against the step its page teaches (steps/v1.0.7 for
v1.0.7.md, ...), whatever step is installed, from the top of its page down to the end of its section:
the way a reader keeps one Python shell open while following the page. Reference tests: they pin our pages.
"""

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# The step each page's examples import; session.md's examples import no step.
STEP_OF_PAGE = {"session": "v1.0.7", "v1.0.7": "v1.0.7", "v1.0.8": "v1.0.8"}
HEADING = re.compile(r"^#{2,3} .*\{#([\w-]+)\}\s*$")

pytestmark = pytest.mark.reference


def examples_up_to(page, anchor):
    """The page's pycon blocks from its top to the end of section `anchor`, and how many are in it."""
    blocks, current, inside, mine = [], None, False, 0
    for line in (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8").splitlines():
        if not inside and (heading := HEADING.match(line)):
            if current == anchor:
                break
            current = heading[1]
        elif line.strip() == "```pycon":
            inside = True
            blocks.append([])
        elif inside and line.strip() == "```":
            inside = False
            mine += current == anchor
        elif inside:
            blocks[-1].append(line)
    return "\n".join("\n".join(block) for block in blocks) + "\n", mine


def bytecode_in_steps():
    return set((ROOT / "steps").rglob("*.pyc"))


def run_examples(page, anchor):
    text, mine = examples_up_to(page, anchor)
    assert mine, f"docs/{page}.md#{anchor} has no >>> example"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "steps" / STEP_OF_PAGE[page]), str(ROOT / "tests")]),
        # The child imports the step from steps/: no __pycache__ there, or `diff -ru steps/v1.0.7
        # steps/v1.0.8` (README) prints "Only in ... __pycache__" after a test run.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    before = bytecode_in_steps()
    result = subprocess.run(
        [sys.executable, __file__, page], input=text, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(path.relative_to(ROOT).as_posix() for path in bytecode_in_steps() - before)
    assert not written, f"the examples wrote bytecode into the step folders: {written}"


@pytest.mark.lesson("session", "signed-cookie")
def test_the_session_pages_decode_example():
    """세션 페이지의 디코딩 예시는 실제로 디코딩한 결과와 같아야 합니다."""
    run_examples("session", "signed-cookie")


@pytest.mark.lesson("session", "compression")
def test_the_session_pages_compressed_cookie_example():
    """'.'으로 시작하는 압축 쿠키 예시도 실제로 디코딩한 결과와 같아야 합니다."""
    run_examples("session", "compression")


@pytest.mark.lesson("v1.0.7", "session-context")
def test_the_session_context_example():
    """session은 요청 컨텍스트 밖에서는 오류, 안에서는 딕셔너리처럼 동작하고 없는 키는 None입니다."""
    run_examples("v1.0.7", "session-context")


@pytest.mark.lesson("v1.0.7", "user-model")
def test_the_user_model_example():
    """User 데이터 클래스의 repr은 페이지에 보인 그대로여야 합니다 (필드: user_id, user_name, password)."""
    run_examples("v1.0.7", "user-model")


@pytest.mark.lesson("v1.0.7", "memory-store")
def test_the_memory_store_example():
    """create_app()마다 새 사용자 저장소(빈 딕셔너리)가 app.extensions['users']에 생겨야 합니다."""
    run_examples("v1.0.7", "memory-store")


@pytest.mark.lesson("v1.0.7", "forms")
def test_the_forms_example():
    """폼 예시(가입 규칙, 로그인은 규칙 없음, CSRF 토큰 자리)가 페이지에 보인 그대로 나와야 합니다."""
    run_examples("v1.0.7", "forms")


@pytest.mark.lesson("v1.0.7", "devtools")
def test_the_devtools_decode_example():
    """개발자 도구에서 복사한 쿠키 예시는 디코딩하면 페이지에 보인 그대로여야 합니다."""
    run_examples("v1.0.7", "devtools")


@pytest.mark.lesson("v1.0.7", "cookie-name")
def test_the_cookie_name_example():
    """로그인 화면의 Set-Cookie는 googlekaap 이름에 HttpOnly, SameSite=Lax여야 합니다."""
    run_examples("v1.0.7", "cookie-name")


@pytest.mark.lesson("v1.0.7", "body-limit")
def test_the_body_limit_example():
    """16 KiB보다 큰 로그인 본문은 413이어야 합니다."""
    run_examples("v1.0.7", "body-limit")


@pytest.mark.lesson("v1.0.7", "form-data-only")
def test_the_form_data_only_example():
    """JSON 본문으로 가입하면 500이 아니라 200(폼 다시 보여 주기)이어야 합니다."""
    run_examples("v1.0.7", "form-data-only")


@pytest.mark.lesson("v1.0.7", "startup-key-check")
def test_the_startup_key_check_example():
    """숫자 키로 create_app을 부르면 키 만드는 명령을 담은 예외로 멈춰야 합니다."""
    run_examples("v1.0.7", "startup-key-check")


@pytest.mark.lesson("v1.0.8", "copy")
def test_the_version_example():
    """v1.0.8 폴더의 __version__은 '1.0.8'이어야 합니다: pyproject.toml과 __init__.py 둘 다 올리세요."""
    run_examples("v1.0.8", "copy")


@pytest.mark.lesson("v1.0.8", "login-hash")
def test_the_stored_hash_in_the_store_example():
    """가입한 사용자의 password_hash는 scrypt:32768:8:1 해시이고, 사용자 저장소에 평문이 없어야 합니다."""
    run_examples("v1.0.8", "login-hash")


@pytest.mark.lesson("v1.0.8", "hash-functions")
def test_the_hash_functions_example():
    """generate_password_hash의 결과는 scrypt:32768:8:1로 시작하고, 같은 비밀번호도 매번 달라야 합니다."""
    run_examples("v1.0.8", "hash-functions")


@pytest.mark.lesson("v1.0.8", "stored-hash")
def test_the_stored_hash_example():
    """저장된 해시 문자열은 방식, 16글자 솔트, 128글자 해시값 세 부분이어야 합니다."""
    run_examples("v1.0.8", "stored-hash")


if __name__ == "__main__":
    # In the child process: run the examples read from stdin, with the decoder the pages use.
    from test_session_cookie import decode_session_cookie

    test = doctest.DocTestParser().get_doctest(
        sys.stdin.read(), {"decode_session_cookie": decode_session_cookie}, sys.argv[1], sys.argv[1], 0
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    sys.exit(1 if runner.summarize(verbose=False).failed else 0)
