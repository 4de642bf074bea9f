"""Mutation testing of one step with the fast suite: `nox -s mutants` runs this once per step.

    python mutants/run.py STEP WORKDIR -- PYTEST-ARGS...          the whole run, with a report
    python mutants/run.py --test STEP WORKDIR -- PYTEST-ARGS...   one mutant (cosmic-ray's test command)

The step's package is copied into WORKDIR and imported from there (PYTHONPATH), as `nox -s check` does with
a learner's folder, so the one suite runs unchanged against each mutant. Two mutators:

- cosmic-ray, for the Python code: operators, comparisons, constants, booleans, decorators, anywhere in the
  module (also class bodies, where the form validators live).
- ours, for what cosmic-ray does not touch: templates (delete a line, drop an attribute, drop a `{{ … }}`)
  and Python statements (delete one, drop a call's last argument, run a `with` body without its `with`).

A mutant is killed when the suite fails. To keep a run within minutes, a mutant inside a function body runs
only the tests that executed its line on the unmutated copy (coverage contexts, measured once); anything
executed at import (constants, class bodies, decorators) and any template runs the whole suite.
Mutants listed in mutants/equivalent.toml change no behaviour; each has its reason there, and they are left
out of the score.
"""

import ast
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent


def python_mutants(source):
    """Our statement-level mutants of a Python file: (operator, line number, mutated source)."""
    lines = source.splitlines(keepends=True)
    for node in ast.walk(ast.parse(source)):
        first, last = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
        indent = " " * getattr(node, "col_offset", 0)
        simple = isinstance(node, ast.stmt) and not hasattr(node, "body")
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if simple and not docstring and not isinstance(node, ast.Import | ast.ImportFrom):
            yield "delete-statement", first, lines[: first - 1] + [f"{indent}pass\n"] + lines[last:]
        if isinstance(node, ast.With):
            yield "unwrap-with", first, lines[: first - 1] + [f"{indent}if True:\n"] + lines[first:]
        if isinstance(node, ast.Call) and first == last and (node.args or node.keywords):
            arguments = sorted([*node.args, *node.keywords], key=lambda arg: arg.col_offset)
            line = lines[first - 1].encode()  # ast offsets count UTF-8 bytes
            cut = arguments[-2].end_col_offset if len(arguments) > 1 else node.func.end_col_offset + 1
            mutated = line[:cut] + line[arguments[-1].end_col_offset :]
            yield "drop-argument", first, lines[: first - 1] + [mutated.decode()] + lines[first:]


TAG = re.compile(r"<[a-zA-Z][^<>]*?>")
ATTRIBUTE = re.compile(r'\s+[a-zA-Z_:-]+(="[^"]*")?')
EXPRESSION = re.compile(r"{{.*?}}")


def template_mutants(source):
    """Our mutants of a Jinja template: (operator, line number, mutated source)."""
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield "delete-line", number, lines[: number - 1] + lines[number:]
        spans = [("drop-expression", match.span()) for match in EXPRESSION.finditer(line)]
        for tag in TAG.finditer(line):
            for attribute in ATTRIBUTE.finditer(tag.group(), len(tag.group().split()[0])):
                start, end = tag.start() + attribute.start(), tag.start() + attribute.end()
                spans.append(("drop-attribute", (start, end)))
        for operator, (start, end) in spans:
            yield operator, number, lines[: number - 1] + [line[:start] + line[end:]] + lines[number:]


def key(path, before, after):
    """How a mutant is named in equivalent.toml: the file, and its changed line before and after."""
    return (path, before.strip(), after.strip())


def run_suite(work, pytest_args, env):
    """Run pytest in the run's own copy of the suite, so that editing tests/ meanwhile changes nothing."""
    command = [sys.executable, "-m", "pytest", *pytest_args]
    return subprocess.run(command, env=env, cwd=work / "suite", capture_output=True).returncode


def measure_coverage(package, pytest_args, work, env):
    """Run the suite once under coverage; write which tests ran each line inside a function body."""
    rcfile, data, report = work / "coveragerc", work / ".coverage", work / "coverage.json"
    rcfile.write_text("[run]\ndynamic_context = test_function\n")
    suite = [arg for arg in pytest_args if arg != "-x"]
    coverage = [sys.executable, "-m", "coverage"]
    measured = [*coverage, "run", f"--rcfile={rcfile}", f"--data-file={data}", f"--source={package}"]
    if subprocess.run([*measured, "-m", "pytest", *suite], env=env, cwd=work / "suite").returncode != 0:
        sys.exit(f"the suite fails on the unmutated copy in {package}: fix that first")
    subprocess.run(
        [*coverage, "json", f"--data-file={data}", "--show-contexts", "-o", str(report)], check=True
    )
    selection = {}
    for name, measured_file in json.loads(report.read_text())["files"].items():
        path = Path(name).resolve()
        bodies = function_body_lines(path.read_text())
        selection[path.relative_to(package.parent).as_posix()] = {
            line: sorted(contexts)
            for line, contexts in measured_file["contexts"].items()
            if int(line) in bodies and "" not in contexts
        }
    (work / "selection.json").write_text(json.dumps(selection))


def function_body_lines(source):
    """Lines that run only when their function is called (not at import)."""
    return {
        line
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
        for statement in node.body
        for line in range(statement.lineno, statement.end_lineno + 1)
    }


def run_mutant(step, work, pytest_args, env):
    """Run the tests that can see the copy's one changed line; the exit code (0: the mutant survived)."""
    package = work / "src" / "googlekaap"
    selection = json.loads((work / "selection.json").read_text())
    original = work / "original"
    for path in sorted(package.rglob("*.*")):
        name = path.relative_to(package.parent).as_posix()
        before, after = (original / name).read_text().splitlines(), path.read_text().splitlines()
        if before == after:
            continue
        line = next(number for number, (a, b) in enumerate(itertools.zip_longest(before, after), 1) if a != b)
        if path.suffix == ".html":
            # The markup tests see every template: start with them, the rest follows (-x stops at a kill).
            return run_suite(work, ["tests/test_pages.py", *pytest_args], env)
        tests = selection.get(name, {}).get(str(line))
        if tests:
            # Contexts are "test_module.test_function": run those functions (all their parameters).
            nodes = [
                f"tests/{module}.py::{function}" for module, function in (t.split(".")[:2] for t in tests)
            ]
            selected = [node for arg in pytest_args for node in (nodes if arg == "tests" else [arg])]
            return run_suite(work, selected, env)
        return run_suite(work, pytest_args, env)
    return run_suite(work, pytest_args, env)


def own_mutants(step, work, pytest_args, env):
    """Apply each of our mutants to the copy in turn; yield (kind, key, operator, killed)."""
    package = work / "src" / "googlekaap"
    for path in sorted(package.rglob("*")):
        if path.suffix not in {".py", ".html"}:
            continue
        source = path.read_text()
        python = path.suffix == ".py"
        kind, mutants = ("python", python_mutants) if python else ("templates", template_mutants)
        try:
            for operator, number, mutated in mutants(source):
                text = "".join(mutated)
                if text == source:
                    continue
                path.write_text(text)
                after = "" if operator == "delete-line" else mutated[number - 1]
                before = source.splitlines()[number - 1]
                name = key(path.relative_to(package.parent).as_posix(), before, after)
                yield kind, name, operator, run_mutant(step, work, pytest_args, env) != 0
        finally:
            path.write_text(source)


def cosmic_ray_mutants(step, work, pytest_args, env):
    """Run cosmic-ray over the copy; yield ("python", key, operator, killed) per mutant."""
    package = work / "src" / "googlekaap"
    config = work / "cosmic-ray.toml"
    command = shlex.join([sys.executable, __file__, "--test", step, str(work), "--", *pytest_args])
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(str(package))}\n"
        "timeout = 300.0\nexcluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        '[cosmic-ray.distributor]\nname = "local"\n'
    )
    database = work / "cosmic-ray.sqlite"
    subprocess.run(["cosmic-ray", "init", str(config), str(database)], check=True, env=env)
    subprocess.run(["cosmic-ray", "exec", str(config), str(database)], check=True, env=env, cwd=ROOT)
    dump = subprocess.run(["cosmic-ray", "dump", str(database)], check=True, capture_output=True, text=True)
    for line in dump.stdout.splitlines():
        item, result = json.loads(line)
        mutation = item["mutations"][0]
        path = Path(mutation["module_path"])
        number = mutation["start_pos"][0]
        before = path.read_text().splitlines()[number - 1]
        after = mutated_line(result["diff"], before)
        name = key(path.relative_to(package.parent).as_posix(), before, after)
        yield "python", name, mutation["operator_name"], result["test_outcome"] != "survived"


def mutated_line(diff, before):
    """The line that replaced `before` in a unified diff (the first added line)."""
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return added[0] if added else ""


def main():
    test_one = sys.argv[1] == "--test"
    step, work = sys.argv[1 + test_one], Path(sys.argv[2 + test_one]).resolve()
    pytest_args = sys.argv[sys.argv.index("--") + 1 :]
    if test_one:
        sys.exit(run_mutant(step, work, pytest_args, dict(os.environ)))
    shutil.rmtree(work, ignore_errors=True)
    package = work / "src" / "googlekaap"
    # The step, the suite and its pytest.ini as they are now: the run compares against and runs these.
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "steps" / step / "googlekaap", package, ignore=skip)
    shutil.copytree(package, work / "original" / "googlekaap", ignore=skip)
    shutil.copytree(ROOT / "tests", work / "suite" / "tests", ignore=skip)
    shutil.copy(ROOT / "pytest.ini", work / "suite")
    env = {
        **os.environ,
        "PYTHONPATH": str(package.parent),
        "GOOGLEKAAP_STEP": step,
        # A mutant can be written within the same second as the last: never run a stale .pyc.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    measure_coverage(package, pytest_args, work, env)

    equivalent = {
        key(entry["file"], entry["before"], entry["after"]): entry["reason"]
        for entry in tomllib.loads((HERE / "equivalent.toml").read_text())["equivalent"]
        if step in entry.get("steps", [step])
    }
    results = [*cosmic_ray_mutants(step, work, pytest_args, env), *own_mutants(step, work, pytest_args, env)]
    report = {"step": step, "rows": {}, "survivors": [], "equivalent": []}
    for kind in ["python", "templates"]:
        rows = [result for result in results if result[0] == kind]
        # Only a survivor can be equivalent: a killed mutant changed behaviour, whatever the list says.
        same = [result for result in rows if not result[3] and result[1] in equivalent]
        killed = sum(result[3] for result in rows)
        report["rows"][kind] = {"killed": killed, "total": len(rows), "equivalent": len(same)}
        report["equivalent"] += [[*result[1], equivalent[result[1]]] for result in same]
        report["survivors"] += [[r[2], *r[1]] for r in rows if not r[3] and r[1] not in equivalent]
    matched = {tuple(entry[:3]) for entry in report["equivalent"]}
    report["stale"] = [list(name) for name in equivalent if name not in matched]
    (work / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"\n## {step}\n\n| code | killed | mutants | equivalent | score |\n|---|---|---|---|---|")
    for kind, row in report["rows"].items():
        score = row["killed"] / max(1, row["total"] - row["equivalent"])
        print(f"| {kind} | {row['killed']} | {row['total']} | {row['equivalent']} | {score:.1%} |")
    for path, before, after, reason in report["equivalent"]:
        print(f"equivalent: {path}\n    - {before}\n    + {after}\n    because {reason}")
    for operator, path, before, after in report["survivors"]:
        print(f"survived: {path} [{operator}]\n    - {before}\n    + {after}")
    for path, before, after in report["stale"]:
        print(f"listed as equivalent, but no such survivor: {path}\n    - {before}\n    + {after}")


if __name__ == "__main__":
    main()
