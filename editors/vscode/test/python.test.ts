import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { findPython, pythonCandidates, selectedInterpreter } from "../src/python";

function fakePython(version: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "podls-py-")), "python");
  fs.writeFileSync(file, `#!/bin/sh\necho ${file}\necho ${version}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

test("the configured Python is the only candidate", () => {
  assert.deepEqual(pythonCandidates(" /opt/py/bin/python ", "/selected/python", "linux"),
    [{ command: "/opt/py/bin/python", args: [], origin: "podls.server.python" }]);
});

test("else the Python extension's interpreter, then python3, python (and py -3 on Windows)", () => {
  assert.deepEqual(pythonCandidates("", "/selected/python", "linux").map((c) => c.command),
    ["/selected/python", "python3", "python"]);
  assert.deepEqual(pythonCandidates(undefined, undefined, "win32").map((c) => [c.command, ...c.args]),
    [["python3"], ["python"], ["py", "-3"]]);
});

test("the interpreter comes from the Python extension's environments API", async () => {
  const api = {
    environments: {
      getActiveEnvironmentPath: () => ({ id: "venv", path: "/work/.venv" }),
      resolveEnvironment: async () => ({ executable: { uri: { fsPath: "/work/.venv/bin/python" } } }),
    },
  };
  assert.equal(await selectedInterpreter(api), "/work/.venv/bin/python");
  assert.equal(await selectedInterpreter({}), undefined);
  assert.equal(await selectedInterpreter(undefined), undefined);
  const failing = { environments: { ...api.environments, resolveEnvironment: async () => { throw new Error("x"); } } };
  assert.equal(await selectedInterpreter(failing), undefined);
});

test("Pythons older than 3.11 and missing commands are passed over, and said why", async () => {
  const old = fakePython("3.9.2");
  const good = fakePython("3.12.1");
  const { found, tried } = await findPython([
    { command: "/nonexistent/python3", args: [], origin: "a" },
    { command: old, args: [], origin: "b" },
    { command: good, args: [], origin: "c" },
  ]);
  assert.deepEqual(found, { executable: good, version: "3.12.1", origin: "c" });
  assert.deepEqual(tried, ["/nonexistent/python3 (a): not found", `${old} (b): Python 3.9.2`]);
  assert.equal((await findPython([{ command: old, args: [], origin: "b" }])).found, undefined);
});
