// Run by `nox -s lab` under node: Python bytecode for the session lab, made by the lab's own Pyodide.
//
// Usage: node docs/lab/compile.mjs RUNTIME_DIR
// Pyodide's standard library and the PyPI packages are Python source. A browser that imports Flask from
// source compiles about a hundred modules at every start, which took seconds on the bench machine; their
// bytecode (.pyc, for the Python inside this Pyodide) is compiled here once, into RUNTIME_DIR/compiled/,
// and lab.json names it. The step's own files stay source: the lab runs them as a learner wrote them.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const runtime = path.resolve(process.argv[2]);
const manifestFile = path.join(runtime, "lab.json");
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
const inputs = JSON.stringify({ pyodide: manifest.pyodide, packages: manifest.packages });
const compiled = path.join(runtime, "compiled");
const stamp = path.join(compiled, "inputs.json");

if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== inputs) {
  const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide", "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: path.join(runtime, "pyodide") + path.sep });
  const read = (file) => new Uint8Array(fs.readFileSync(file));
  pyodide.FS.mkdirTree("/work/packages");
  for (const name of manifest.packages) {
    pyodide.unpackArchive(read(path.join(runtime, "packages", name)), "zip", { extractDir: "/work/packages" });
  }
  pyodide.FS.writeFile("/work/stdlib.zip", read(path.join(runtime, "pyodide", "python_stdlib.zip")));
  pyodide.runPython(`
import compileall, pathlib, shutil, zipfile
zipfile.ZipFile("/work/stdlib.zip").extractall("/work/stdlib")
for name in ["stdlib", "packages"]:
    top = pathlib.Path("/work", name)
    # legacy: module.pyc beside (and then instead of) module.py, where zipimport and unpacked
    # site-packages both find it without the source.
    compileall.compile_dir(top, quiet=2, legacy=True)
    for source in top.rglob("*.py"):
        if source.with_suffix(".pyc").exists():
            source.unlink()
    shutil.make_archive(f"/work/{name}", "zip", top)
`);
  fs.rmSync(compiled, { recursive: true, force: true });
  fs.mkdirSync(compiled);
  for (const name of ["stdlib", "packages"]) {
    fs.writeFileSync(path.join(compiled, `${name}.zip`), pyodide.FS.readFile(`/work/${name}.zip`));
  }
  fs.writeFileSync(stamp, inputs);
}
manifest.compiled = { stdlib: "compiled/stdlib.zip", packages: "compiled/packages.zip" };
fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
