import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { bundledServer, sameCommand, serverPlan, serverSettings, which } from "../src/serverCommand";

function folderWith(name: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "podls-"));
  if (name) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, "#!/bin/sh\n");
    fs.chmodSync(file, 0o755);
  }
  return dir;
}

test("an explicit server path wins over PATH and the bundled server", () => {
  const dir = folderWith("my-pod-ls");
  const explicit = path.join(dir, "my-pod-ls");
  for (const source of ["auto", "bundled", "path"] as const) {
    assert.deepEqual(serverPlan({ path: explicit, source }, { PATH: folderWith("pod-ls") }),
      { kind: "command", server: { command: explicit, args: ["--stdio"], reason: "podls.server.path" } });
  }
});

test("an explicit name is looked up on PATH", () => {
  const dir = folderWith("my-pod-ls");
  const plan = serverPlan({ path: "my-pod-ls" }, { PATH: dir });
  assert.equal(plan.kind === "command" && plan.server.command, path.join(dir, "my-pod-ls"));
});

test("a server path that is not an executable is reported, not spawned", () => {
  const dir = folderWith(undefined);
  fs.writeFileSync(path.join(dir, "pod-ls"), "");
  for (const broken of ["/nonexistent/pod-ls", path.join(dir, "pod-ls"), dir, "no-such-command"]) {
    const plan = serverPlan({ path: broken }, { PATH: dir });
    assert.equal(plan.kind, "missing", broken);
    assert.match(plan.kind === "missing" ? plan.problem : "", /is not an executable file/);
  }
});

test("auto: pod-ls on PATH, else the bundled server", () => {
  const dir = folderWith("pod-ls");
  const plan = serverPlan({ path: "  " }, { PATH: `/nonexistent${path.delimiter}${dir}` });
  assert.deepEqual(plan, { kind: "command",
    server: { command: path.join(dir, "pod-ls"), args: ["--stdio"], reason: "pod-ls found on PATH" } });
  assert.deepEqual(serverPlan({}, { PATH: folderWith(undefined) }), { kind: "bundled", reason: "no pod-ls on PATH" });
});

test("bundled ignores PATH; path never installs", () => {
  const onPath = { PATH: folderWith("pod-ls") };
  assert.equal(serverPlan({ source: "bundled" }, onPath).kind, "bundled");
  assert.equal(serverPlan({ source: "path" }, onPath).kind, "command");
  assert.equal(serverPlan({ source: "path" }, { PATH: folderWith(undefined) }).kind, "missing");
});

test("a non-executable file on PATH does not count", () => {
  const dir = folderWith(undefined);
  fs.writeFileSync(path.join(dir, "pod-ls"), "");
  assert.equal(which("pod-ls", { PATH: dir }), undefined);
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
  // The setting's "newest" choice is the empty string: no version is sent.
  assert.equal("kubernetesVersion" in serverSettings((key) => (key === "kubernetesVersion" ? "" : undefined)), false);
});

test("the same command is the same process to run, whatever the reason it was chosen", () => {
  assert.ok(sameCommand(bundledServer("/env/bin/python", "noted"), bundledServer("/env/bin/python", "ready")));
  assert.ok(!sameCommand(bundledServer("/env/bin/python", "a"), bundledServer("/other/bin/python", "a")));
  assert.ok(!sameCommand({ command: "/bin/pod-ls", args: ["--stdio"], reason: "" },
    { command: "/bin/pod-ls", args: [], reason: "" }));
});

test("the extension's own server runs isolated, in its environment's folder", () => {
  const server = bundledServer(path.join("/env", "bin", "python"), "ready");
  assert.deepEqual([server.args, server.cwd], [["-I", "-m", "pod_ls", "--stdio"], "/env"]);
});
