import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import {
  bundledWheel, createEnvironment, EnvironmentError, environmentPython, readyEnvironment, recordedEnvironment,
  recordEnvironment,
} from "../src/environment";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "podls-env-"));
}

test("the wheel is found in the extension's server folder", () => {
  const extension = tmp();
  assert.equal(bundledWheel(extension), undefined);
  fs.mkdirSync(path.join(extension, "server"));
  fs.writeFileSync(path.join(extension, "server", "pod_ls-0.1.0-py3-none-any.whl"), "");
  assert.equal(bundledWheel(extension), path.join(extension, "server", "pod_ls-0.1.0-py3-none-any.whl"));
});

test("an environment counts only with its marker, for the same version and wheel", () => {
  const storage = tmp();
  const dir = path.join(storage, "server-0.1.0");
  fs.mkdirSync(path.dirname(environmentPython(dir)), { recursive: true });
  fs.writeFileSync(environmentPython(dir), "");
  assert.equal(readyEnvironment(storage, "0.1.0", "/x/pod_ls-0.1.0-py3-none-any.whl"), undefined);
  fs.writeFileSync(path.join(dir, "pod-ls-extension.json"),
    JSON.stringify({ version: "0.1.0", wheel: "pod_ls-0.1.0-py3-none-any.whl" }));
  assert.equal(readyEnvironment(storage, "0.1.0", "/x/pod_ls-0.1.0-py3-none-any.whl"), environmentPython(dir));
  assert.equal(readyEnvironment(storage, "0.2.0", "/x/pod_ls-0.2.0-py3-none-any.whl"), undefined);
});

test("the environment noted beside the wheel is found while it is complete and of this version", () => {
  const extension = tmp();
  const wheel = path.join(extension, "server", "pod_ls-0.1.0-py3-none-any.whl");
  fs.mkdirSync(path.dirname(wheel));
  assert.equal(recordedEnvironment(extension, "0.1.0", wheel), undefined);
  const storage = tmp();
  const dir = path.join(storage, "server-0.1.0");
  fs.mkdirSync(path.dirname(environmentPython(dir)), { recursive: true });
  fs.writeFileSync(environmentPython(dir), "");
  recordEnvironment(extension, storage);
  assert.equal(recordedEnvironment(extension, "0.1.0", wheel), undefined); // no marker: made in part
  fs.writeFileSync(path.join(dir, "pod-ls-extension.json"),
    JSON.stringify({ version: "0.1.0", wheel: "pod_ls-0.1.0-py3-none-any.whl" }));
  assert.equal(recordedEnvironment(extension, "0.1.0", wheel), environmentPython(dir));
  assert.equal(recordedEnvironment(extension, "0.2.0", wheel), undefined);
  fs.rmSync(storage, { recursive: true });
  assert.equal(recordedEnvironment(extension, "0.1.0", wheel), undefined);
});

test("a note that cannot be written or read is no error", () => {
  const extension = tmp();
  recordEnvironment(extension, "/somewhere"); // no server folder to write in
  fs.mkdirSync(path.join(extension, "server"));
  fs.writeFileSync(path.join(extension, "server", "last-environment.json"), "{not json");
  assert.equal(recordedEnvironment(extension, "0.1.0", "/x/pod_ls-0.1.0-py3-none-any.whl"), undefined);
});

test("a Python that cannot make an environment gives one message and its output", async () => {
  const storage = tmp();
  const python = path.join(tmp(), "python");
  fs.writeFileSync(python, "#!/bin/sh\necho 'Error: ensurepip is not available' >&2\nexit 1\n");
  fs.chmodSync(python, 0o755);
  const lines: string[] = [];
  await assert.rejects(createEnvironment(storage, "0.1.0", "/x/pod_ls.whl", python, (line) => lines.push(line)),
    (error: unknown) => error instanceof EnvironmentError
      && /could not create a virtual environment with .*: Error: ensurepip is not available/.test(error.message));
  assert.ok(lines.some((line) => line.includes("ensurepip")));
  assert.equal(readyEnvironment(storage, "0.1.0", "/x/pod_ls.whl"), undefined);
});
