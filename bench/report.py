"""Render the bench results as Markdown: print them and write them to each OUT file.

Usage: python bench/report.py RESULTS_DIR OUT.md...
RESULTS_DIR holds what `nox -s bench` collected: hashing.json, server-<step>.json,
suite-<step>.xml and suite-flaskr.xml (pytest junit), flaskr.json (wall seconds of flaskr's tests)
and timings.json (wall seconds of each step's suite, in step order, and of the two site builds),
watch-<step>.json (bench/watch.py: one-shot `check` runs, and seconds from a save under `check --watch` to
the verdict on the current section and to the end of the new report),
lab-<builder>.json (the session lab in chromium: seconds to ready and to the first response, bytes).
"""

import datetime
import json
import os
import platform
import sys
from importlib.metadata import version
from pathlib import Path
from xml.etree import ElementTree

PACKAGES = [
    *["Flask", "Werkzeug", "Flask-WTF", "bcrypt", "argon2-cffi", "pytest"],
    *["mkdocs", "mkdocs-material", "zensical"],
]
# The login targets of the v1.0.8 lesson: one hash check dominates, and an unknown user costs the same.
MAX_RATIO, UNKNOWN_SPREAD = 1.15, 0.20


def table(header, rows):
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def cells(measured):
    """Median and IQR in ms, one decimal."""
    return [f"{measured['median_ms']:.1f}", f"{measured['iqr_ms']:.1f}"]


def met(ok):
    return "충족" if ok else "미충족"


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?"
    )
    return table(
        ["항목", "값"],
        [
            ["측정일 (UTC)", datetime.datetime.now(datetime.UTC).date().isoformat()],
            ["CPU", cpu],
            ["코어", os.cpu_count()],
            [
                "측정 직후 1분 평균 부하",
                f"{os.getloadavg()[0]:.2f} (코어 수보다 크면 다른 작업과 CPU를 나눠 쓴 것)",
            ],
            ["Python", platform.python_version()],
            ["패키지", ", ".join(f"{name} {version(name)}" for name in PACKAGES)],
        ],
    )


def hash_methods(methods):
    baseline = methods[0]
    return table(
        ["방식", "매개변수", "해시 ms (중앙값)", "해시 IQR ms", "검사 ms (중앙값)", "검사 IQR ms"]
        + [f"검사, {baseline['name']} 대비", "반복"],
        [
            [m["name"], f"`{m['params']}`", *cells(m["hash"]), *cells(m["check"])]
            + [f"{m['check']['median_ms'] / baseline['check']['median_ms']:.2f}", m["check"]["rounds"]]
            for m in methods
        ],
    )


def login_latency(login):
    rows = []
    cases = [
        ("`check_password_hash` 한 번 (기준)", "check"),
        ("있는 아이디, 맞는 비밀번호", "known"),
        ("있는 아이디, 틀린 비밀번호", "wrong"),
        ("없는 아이디", "unknown"),
    ]
    for label, key in cases:
        ratio = login[key]["median_ms"] / login["check"]["median_ms"]
        target = ["", ""] if key == "check" else [f"≤ {MAX_RATIO:.2f}", met(ratio <= MAX_RATIO)]
        rows.append([label, *cells(login[key]), login[key]["rounds"], f"{ratio:.2f}", *target])
    unknown = login["unknown"]["median_ms"] / login["wrong"]["median_ms"]
    rows.append(
        ["없는 아이디 ÷ 있는 아이디(틀린 비밀번호)", "", "", "", f"{unknown:.2f}"]
        + [f"1 ± {UNKNOWN_SPREAD:.2f}", met(abs(unknown - 1) <= UNKNOWN_SPREAD)]
    )
    header = [
        f"로그인 (v{login['step']}, 테스트 클라이언트)",
        "ms (중앙값)",
        "IQR ms",
        "반복",
        "검사 한 번 대비",
    ]
    return table([*header, "목표", "결과"], rows)


def servers(results):
    first = results[0]["requests"] / results[0]["seconds"]
    rows = []
    for r in results:
        rate = r["requests"] / r["seconds"]
        rows.append(
            [
                f"v{r['step']}",
                r["requests"],
                r["clients"],
                f"{r['seconds']:.2f}",
                f"{rate:.1f}",
                f"{rate / first:.3f}",
            ]
        )
    return table(
        ["단계", "요청 수", "동시 클라이언트", "걸린 시간 s", "초당 로그인", f"v{results[0]['step']} 대비"],
        rows,
    )


def junit(path):
    """(passed, tests) of a pytest junit XML file."""
    suite = ElementTree.parse(path).getroot().find("testsuite")
    tests = int(suite.get("tests"))
    return tests - sum(int(suite.get(key)) for key in ("failures", "errors", "skipped")), tests


def tutorial_loop(results, timings):
    # Time per test = wall seconds of the whole pytest run (start-up included) / tests, ours and flaskr's.
    flaskr = json.loads((results / "flaskr.json").read_text())
    suites = [(f"테스트 스위트 ({step})", step, seconds) for step, seconds in timings["suite"].items()]
    suites.append((f"flaskr (Flask {flaskr['flask']} 튜토리얼)의 테스트", "flaskr", flaskr["seconds"]))
    per_test_flaskr = flaskr["seconds"] / junit(results / "suite-flaskr.xml")[1] * 1000
    rows = []
    for name, suite, seconds in suites:
        passed, tests = junit(results / f"suite-{suite}.xml")
        per_test = seconds / tests * 1000
        ratio = per_test / per_test_flaskr
        rows.append([name, f"{passed} 통과 / {tests}", f"{seconds:.1f}", f"{per_test:.0f}", f"{ratio:.2f}"])
    for step in timings["suite"]:
        # bench/watch.py: a copy of the step with one mistake (the forms section), in check's own commands.
        watch = json.loads((results / f"watch-{step}.json").read_text())
        medians, runs, saves = watch["medians"], len(watch["oneshot"]), len(watch["verdict"])
        goal = (
            " (목표 ≤ 3 s)" if step == next(iter(timings["suite"])) else ""
        )  # the goal: the first step
        for name, seconds in [
            (
                f"`check` 한 번 ({step}, 실수 하나 든 폴더): pytest 실행, {runs}번의 중앙값{goal}",
                "oneshot",
            ),
            (
                f"`check --watch` ({step}): 저장부터 지금 고치는 절의 판정, {saves}번 중앙값 (목표 ≤ 1 s)",
                "verdict",
            ),
            (f"`check --watch` ({step}): 저장부터 보고서 끝까지, {saves}번의 중앙값", "report"),
        ]:
            rows.append([name, "", f"{medians[seconds]:.2f}", "", ""])
    rows.append(["`mkdocs build --strict` (diff 생성 후)", "", f"{timings['mkdocs']:.1f}", "", ""])
    rows.append(["`zensical build --strict`", "", f"{timings['zensical']:.1f}", "", ""])
    return table(["작업", "테스트", "걸린 시간 s", "테스트당 ms", "flaskr 대비"], rows)


# The session lab's aims (issue 20): ready within 10 s on the bench machine, under 25 MB loaded.
LAB_READY_S, LAB_MB = 10, 25


def session_lab(results):
    labs = {
        builder: json.loads((results / f"lab-{builder}.json").read_text())
        for builder in ["mkdocs", "zensical"]
    }
    rows = []
    for builder, lab in labs.items():
        if lab.get("unavailable"):
            rows.append([builder, "측정하지 못함 (`nox -s lab`이 Pyodide를 받지 못함)", *[""] * 5])
            continue
        mb = lab["bytes"] / 1_000_000
        ok = lab["ready"] <= LAB_READY_S and mb <= LAB_MB
        rows.append(
            [builder, f"{lab['ready']:.1f}", f"{lab['first_response']:.2f}", f"{mb:.1f}", len(lab["rounds"])]
            + [f"준비 ≤ {LAB_READY_S} s, ≤ {LAB_MB} MB", met(ok)]
        )
    pyodide = next((lab["pyodide"] for lab in labs.values() if "pyodide" in lab), "?")
    header = [f"빌드 (Pyodide {pyodide})", "시작 → 준비 s (중앙값)", "첫 응답 s (중앙값)", "받은 MB", "반복"]
    return table([*header, "목표", "결과"], rows)


def main(results, outs):
    hashing = json.loads((results / "hashing.json").read_text())
    timings = json.loads((results / "timings.json").read_text())
    server_results = [json.loads((results / f"server-{step}.json").read_text()) for step in timings["suite"]]
    # (snippet section name, title, table): lessons include a section by name, e.g. bench.md:hashing.
    sections = [
        ("machine", "측정 환경", machine()),
        ("hashing", "비밀번호 해시 방식", hash_methods(hashing["methods"])),
        ("login", "로그인 한 번의 시간", login_latency(hashing["login"])),
        ("server", "실제 서버에서 초당 로그인 (127.0.0.1, 스레드 서버)", servers(server_results)),
        ("loop", "튜토리얼 루프", tutorial_loop(results, timings)),
        ("lab", "세션 실험실 (크로미움, 캐시 없이)", session_lab(results)),
    ]
    text = "<!-- nox -s bench가 생성합니다. 손으로 고치지 마세요. -->\n\n"
    text += "\n\n".join(
        f"### {title}\n\n<!-- --8<-- [start:{name}] -->\n{body}\n<!-- --8<-- [end:{name}] -->"
        for name, title, body in sections
    )
    text += "\n"
    print(text)
    for out in outs:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
