import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { serverCommand, serverSettings, which } from "../src/serverCommand";

function folderWith(name: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "podls-"));
  if (name) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, "#!/bin/sh\n");
    fs.chmodSync(file, 0o755);
  }
  return dir;
}

test("an explicit server path wins", () => {
  const chosen = serverCommand({ path: "/opt/pod-ls", python: "/usr/bin/python3" }, { PATH: folderWith("pod-ls") });
  assert.deepEqual(chosen, { command: "/opt/pod-ls", args: ["--stdio"], reason: "podls.server.path" });
});

test("pod-ls on PATH comes next", () => {
  const dir = folderWith("pod-ls");
  const chosen = serverCommand({ path: "  " }, { PATH: `/nonexistent${path.delimiter}${dir}` });
  assert.equal(chosen.command, path.join(dir, "pod-ls"));
  assert.deepEqual(chosen.args, ["--stdio"]);
});

test("a non-executable file on PATH does not count", () => {
  const dir = folderWith(undefined);
  fs.writeFileSync(path.join(dir, "pod-ls"), "");
  assert.equal(which("pod-ls", { PATH: dir }), undefined);
});

test("then python -m pod_ls with the configured Python", () => {
  const empty = { PATH: folderWith(undefined) };
  assert.deepEqual(serverCommand({ python: "/venv/bin/python" }, empty),
    { command: "/venv/bin/python", args: ["-m", "pod_ls", "--stdio"], reason: "podls.server.python" });
  assert.equal(serverCommand({ defaultInterpreter: "/usr/bin/python3.12" }, empty).command, "/usr/bin/python3.12");
  assert.equal(serverCommand({}, empty).command, "python3");
});

test("settings are passed in the server's shape", () => {
  const values: Record<string, unknown> = {
    rules: { "image-tag": "off" },
    kubernetesVersion: "1.30",
    "workspace.scan": false,
    "workspace.include": ["*.yaml"],
    "workspace.exclude": [".git"],
    "workspace.maxFileSize": 10,
  };
  assert.deepEqual(serverSettings((key) => values[key]), {
    rules: { "image-tag": "off" },
    kubernetesVersion: "1.30",
    workspace: { scan: false, include: ["*.yaml"], exclude: [".git"], maxFileSize: 10 },
  });
  assert.equal("kubernetesVersion" in serverSettings((key) => (key === "kubernetesVersion" ? null : undefined)), false);
});
