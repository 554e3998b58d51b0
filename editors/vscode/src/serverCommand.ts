// Which server to start: a plain function of the settings and the file system, so that it is
// unit-tested without VS Code and the packaged extension's choice can be run for real.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** podls.server.source: where the server comes from when podls.server.path is empty. */
export type ServerSource = "auto" | "bundled" | "path";

export interface ServerSettings {
  /** podls.server.path: an explicit executable. */
  path?: string;
  /** podls.server.source. */
  source?: ServerSource;
}

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it runs; VS Code's own folder when unset. */
  cwd?: string;
  /** Why this command was chosen, for the log. */
  reason: string;
}

/** What to start: a command, the extension's own environment, or nothing (and why). */
export type ServerPlan =
  | { kind: "command"; server: ServerCommand }
  | { kind: "bundled"; reason: string }
  | { kind: "missing"; problem: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first `name` on PATH (with PATHEXT on Windows), or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * podls.server.path if set (checked here, so that a wrong path gives one clear message instead
 * of a failed spawn), else by podls.server.source: `pod-ls` on PATH and then the extension's own
 * environment (auto), only the environment (bundled), or only PATH (path).
 */
export function serverPlan(settings: ServerSettings, env: NodeJS.ProcessEnv = process.env): ServerPlan {
  const explicit = settings.path?.trim();
  if (explicit) {
    const command = explicit.includes("/") || explicit.includes("\\") ? explicit : which(explicit, env);
    if (!command || !isExecutable(command)) {
      return { kind: "missing", problem: `podls.server.path "${explicit}" is not an executable file` };
    }
    return { kind: "command", server: { command, args: ["--stdio"], reason: "podls.server.path" } };
  }
  const source = settings.source ?? "auto";
  if (source !== "bundled") {
    const onPath = which("pod-ls", env);
    if (onPath) return { kind: "command", server: { command: onPath, args: ["--stdio"], reason: "pod-ls found on PATH" } };
    if (source === "path") return { kind: "missing", problem: "pod-ls is not on PATH (podls.server.source is \"path\")" };
  }
  return { kind: "bundled", reason: source === "bundled" ? "podls.server.source is \"bundled\"" : "no pod-ls on PATH" };
}

/**
 * The extension's own server: its environment's Python running pod_ls, isolated (-I) from the
 * user's PYTHON* variables and run in the environment's folder, so that neither PYTHONPATH
 * nor a pod_ls folder where VS Code was started (`-m` looks there first; so does the helper
 * process the server starts) replaces the server the environment holds.
 */
export function bundledServer(python: string, reason: string): ServerCommand {
  return { command: python, args: ["-I", "-m", "pod_ls", "--stdio"], cwd: path.dirname(path.dirname(python)), reason };
}

export function spawnServer(server: ServerCommand): ChildProcess {
  return spawn(server.command, server.args, { stdio: "pipe", windowsHide: true, cwd: server.cwd });
}

/** Whether two choices run the same process. */
export function sameCommand(a: ServerCommand, b: ServerCommand): boolean {
  return a.command === b.command && a.cwd === b.cwd && a.args.length === b.args.length
    && a.args.every((arg, i) => arg === b.args[i]);
}

/** The `podls.*` settings as the server's settings model expects them (camelCase keys). */
export function serverSettings(get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rules: get("rules") ?? {},
    workspace: {
      scan: get("workspace.scan"),
      include: get("workspace.include"),
      exclude: get("workspace.exclude"),
      maxFileSize: get("workspace.maxFileSize"),
    },
  };
  const version = get("kubernetesVersion");
  if (version) out.kubernetesVersion = version;
  return out;
}
