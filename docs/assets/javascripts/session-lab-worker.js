// 세션 실험실의 파이썬: Pyodide를 이 웹 워커에서 돌려, 준비하고 계산하는 동안에도 페이지가 멈추지 않게 합니다.
// 모든 파일은 이 사이트의 lab/ 폴더에서 받습니다 (nox -s lab이 npm과 PyPI에서 받아 둔 것).
let run; // docs/lab/lab.py의 run(동작, 인자 JSON) -> 답 JSON

async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start(lab, manifest) {
  const runtime = new URL("runtime/", lab);
  // nox -s lab이 미리 컴파일해 둔 바이트코드(.pyc): 없으면 소스 그대로 (시작이 몇 초 더 걸립니다).
  const compiled = manifest.compiled;
  const archives = compiled ? [compiled.packages] : manifest.packages.map((name) => `packages/${name}`);
  // 패키지와 단계 파일은 파이썬이 시작하는 동안 함께 받습니다.
  const packages = archives.map((name) => bytes(new URL(name, runtime)));
  const files = manifest.files.map((name) => bytes(new URL(`${manifest.step}/${name}`, runtime)));
  const driver = bytes(new URL("lab.py", lab));
  // 테스트에서 이름으로 잘라 온 함수들 (nox -s lab이 만듭니다): lab.py가 가져다 씁니다.
  const lessonCode = bytes(new URL("lesson_code.py", runtime));
  const indexURL = new URL("pyodide/", runtime).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const stdLibURL = compiled && new URL(compiled.stdlib, runtime).href;
  const pyodide = await loadPyodide({ indexURL, ...(stdLibURL && { stdLibURL }) });
  postMessage({ progress: `Flask와 ${manifest.step}의 파일을 설치하는 중…` });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const archive of packages) {
    // 휠(.whl)도 zip입니다: site-packages에 풀면 설치한 것과 같습니다.
    pyodide.unpackArchive(await archive, "zip", { extractDir: sitePackages });
  }
  const home = "/home/pyodide/lab";
  for (const [i, name] of manifest.files.entries()) {
    const path = `${home}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, await files[i]);
  }
  pyodide.FS.writeFile(`${home}/lab.py`, await driver);
  pyodide.FS.writeFile(`${home}/lesson_code.py`, await lessonCode);
  postMessage({ progress: "Flask를 불러오고 앱을 만드는 중…" });
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(home)})`);
  run = pyodide.pyimport("lab").run;
}

self.onmessage = async ({ data }) => {
  try {
    if (data.start) {
      await start(data.start.lab, data.start.manifest);
      postMessage({ id: data.id, result: {} });
    } else {
      postMessage({ id: data.id, result: JSON.parse(run(data.action, JSON.stringify(data.args))) });
    }
  } catch (error) {
    postMessage({ id: data.id, error: String(error) });
  }
};
