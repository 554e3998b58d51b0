// How to start pod-ls: a plain function of the settings and the file system, so that it is
// unit-tested without VS Code and the packaged extension's choice can be run for real.
import * as fs from "fs";
import * as path from "path";

export interface ServerSettings {
  /** podls.server.path: an explicit executable. */
  path?: string;
  /** podls.server.python: the Python for `python -m pod_ls`. */
  python?: string;
  /** python.defaultInterpreterPath, from the Python extension's settings. */
  defaultInterpreter?: string;
}

export interface ServerCommand {
  command: string;
  args: string[];
  /** Why this command was chosen, for the output channel. */
  reason: string;
}

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

/** podls.server.path, else `pod-ls` on PATH, else `python -m pod_ls`; always with --stdio. */
export function serverCommand(settings: ServerSettings, env: NodeJS.ProcessEnv = process.env): ServerCommand {
  const explicit = settings.path?.trim();
  if (explicit) {
    return { command: explicit, args: ["--stdio"], reason: "podls.server.path" };
  }
  const onPath = which("pod-ls", env);
  if (onPath) {
    return { command: onPath, args: ["--stdio"], reason: "pod-ls found on PATH" };
  }
  const python = settings.python?.trim() || settings.defaultInterpreter?.trim() || "python3";
  const reason = settings.python?.trim()
    ? "podls.server.python"
    : settings.defaultInterpreter?.trim()
      ? "python.defaultInterpreterPath"
      : "python3 on PATH";
  return { command: python, args: ["-m", "pod_ls", "--stdio"], reason };
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
