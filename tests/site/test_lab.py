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


def functions(path):
    """{name: its code without the docstring} of a module's top-level functions, and its WORDLIST."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) else node.body
            found[node.name] = ast.unparse(ast.Module(body=body, type_ignores=[]))
        elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "WORDLIST":
            found["WORDLIST"] = ast.literal_eval(node.value)
    return found


def test_the_lab_decodes_and_guesses_keys_as_the_lessons_tests_do():
    """The lab's decoding, Flask's serializer settings and the word list are those of the tests the pages
    cite (a check, because the lab's Python runs in the browser and cannot import them)."""
    lab = functions(ROOT / "docs" / "lab" / "lab.py")
    cookie = functions(ROOT / "tests" / "test_session_cookie.py")
    secret_key = functions(ROOT / "tests" / "test_secret_key.py")
    assert lab["decode_session_cookie"] == cookie["decode_session_cookie"]
    assert lab["flask_session_serializer"] == secret_key["flask_session_serializer"]
    assert lab["WORDLIST"] == secret_key["WORDLIST"]
