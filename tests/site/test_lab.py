"""Checks of the session page's lab (docs/session.md#lab): it runs the step's own files, a build without
network still says what the lab needs, and its Python does what the lessons' tests do.

The lab itself runs in chromium in tests/browser/test_session_lab.py (`nox -s e2e_site`).
"""

import ast
import json
from pathlib import Path

import lessons

ROOT = Path(__file__).parents[2]


def test_the_lab_runs_the_steps_own_files(lesson_site):
    """The build serves a copy of steps/<LAB_STEP>/googlekaap, byte for byte, and lab.json lists it."""
    builder, site = lesson_site
    runtime = site / "lab" / "runtime"
    manifest = json.loads((runtime / "lab.json").read_text())
    step = lessons.lab_step_files(ROOT / "steps" / lessons.LAB_STEP)
    assert manifest["step"] == lessons.LAB_STEP
    assert manifest["files"] == list(step)
    copy = lessons.lab_step_files(runtime / lessons.LAB_STEP)
    assert copy.keys() == step.keys(), f"{builder}: other files than the step's: {copy.keys() ^ step.keys()}"
    differ = [name for name, path in step.items() if copy[name].read_bytes() != path.read_bytes()]
    assert not differ, (
        f"{builder}: the lab's copy differs from steps/{lessons.LAB_STEP}: {differ} (nox -s docs)"
    )


def test_a_lab_built_without_network_copies_the_step_and_names_no_pyodide(tmp_path):
    """What `nox -s lab` leaves when it cannot download: the page then says the lab is unavailable."""
    runtime = tmp_path / "runtime"
    lessons.write_lab(tmp_path, None, "0", runtime=runtime)
    manifest = json.loads((runtime / "lab.json").read_text())
    assert "pyodide" not in manifest and manifest["files"]
    assert (runtime / lessons.LAB_STEP / "googlekaap" / "__init__.py").is_file()
    # An earlier complete download is kept: only the step's copy is refreshed.
    earlier = {**manifest, "pyodide": "0.0.1", "packages": ["flask-3-py3-none-any.whl"]}
    (runtime / "lab.json").write_text(json.dumps(earlier))
    lessons.write_lab(tmp_path, None, "0", runtime=runtime)
    assert json.loads((runtime / "lab.json").read_text()) == earlier


def test_the_lab_runs_the_lessons_own_decoder_serializer_and_wordlist():
    """The lab's Python runs in the browser and cannot import the tests: `nox -s lab` cuts the functions the
    pages cite out of them by name into lesson_code.py, and lab.py defines none of its own."""
    namespace = {}
    exec(lessons.lab_lesson_code(), namespace)
    from test_secret_key import WORDLIST, flask_session_serializer
    from test_session_cookie import decode_session_cookie

    cookie = flask_session_serializer("dev").dumps({"user_id": "alice"})
    assert namespace["decode_session_cookie"](cookie) == decode_session_cookie(cookie) == {"user_id": "alice"}
    assert namespace["flask_session_serializer"]("dev").loads(cookie) == {"user_id": "alice"}
    assert namespace["WORDLIST"] == WORDLIST
    defined = {
        node.name for node in ast.parse((ROOT / "docs/lab/lab.py").read_text()).body if hasattr(node, "name")
    }
    assert not defined & {"decode_session_cookie", "flask_session_serializer"}
