// The extension's own server: a virtual environment in the extension's global storage with
// the pod-ls wheel that the .vsix carries and its dependencies from the package index. Made
// once, reused on later starts, replaced when the extension's version changes. No VS Code
// import: the packaged module is run for real by tests/test_vscode.py.
import * as fs from "fs";
import * as path from "path";
import { run } from "./python";

const MARKER = "pod-ls-extension.json";
/** Beside the wheel: the storage folder of the environment the last start ran (`recordEnvironment`). */
const LAST_ENVIRONMENT = "last-environment.json";

export class EnvironmentError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

/** The wheel under `extensionDir`/server, or undefined when the .vsix carries none. */
export function bundledWheel(extensionDir: string): string | undefined {
  const folder = path.join(extensionDir, "server");
  try {
    const wheel = fs.readdirSync(folder).find((name) => /^pod_ls-.*\.whl$/.test(name));
    return wheel && path.join(folder, wheel);
  } catch {
    return undefined;
  }
}

function environmentDir(storage: string, version: string): string {
  return path.join(storage, `server-${version}`);
}

export function environmentPython(dir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

/** The Python of a complete environment for this version and wheel, or undefined. */
export function readyEnvironment(storage: string, version: string, wheel: string): string | undefined {
  const dir = environmentDir(storage, version);
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8"));
    const python = environmentPython(dir);
    if (marker.version === version && marker.wheel === path.basename(wheel) && fs.existsSync(python)) return python;
  } catch {
    // No marker: never made, or made only in part.
  }
  return undefined;
}

/**
 * Notes, beside the extension's wheel, the storage folder whose environment it runs, so that
 * the next start finds the environment before VS Code has given it that folder (see early.ts).
 * The folder of one version of the extension goes with it; a note that cannot be written only
 * costs the next start its head start.
 */
export function recordEnvironment(extensionDir: string, storage: string): void {
  const file = path.join(extensionDir, "server", LAST_ENVIRONMENT);
  try {
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).storage === storage) return;
    fs.writeFileSync(file, JSON.stringify({ storage }));
  } catch {
    // A read-only extension folder: no note.
  }
}

/** The Python of the complete environment that `recordEnvironment` noted, or undefined. */
export function recordedEnvironment(extensionDir: string, version: string, wheel: string): string | undefined {
  try {
    const { storage } = JSON.parse(fs.readFileSync(path.join(extensionDir, "server", LAST_ENVIRONMENT), "utf8"));
    return typeof storage === "string" ? readyEnvironment(storage, version, wheel) : undefined;
  } catch {
    return undefined;
  }
}

function lastLines(output: string, count = 3): string {
  return output.trim().split(/\r?\n/).filter((line) => line.trim()).slice(-count).join(" ");
}

/**
 * Makes the environment with `python` and installs `wheel` in it, logging pip's output; the
 * marker is written last, so a half-made environment is made again next time. Environments of
 * other versions are removed once this one is complete.
 */
export async function createEnvironment(storage: string, version: string, wheel: string, python: string,
  log: (line: string) => void): Promise<string> {
  const dir = environmentDir(storage, version);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(storage, { recursive: true });
  log(`Creating the server's environment in ${dir} with ${python}`);
  const venv = await run(python, ["-m", "venv", dir], 120000);
  log(venv.stdout + venv.stderr);
  if (venv.code !== 0) {
    throw new EnvironmentError(`could not create a virtual environment with ${python}: ${lastLines(venv.stderr || venv.stdout)}`,
      venv.stdout + venv.stderr);
  }
  const envPython = environmentPython(dir);
  log(`Installing ${path.basename(wheel)} and its dependencies`);
  const pip = await run(envPython, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input",
    "--progress-bar", "off", wheel], 600000);
  log(pip.stdout + pip.stderr);
  if (pip.code !== 0) {
    throw new EnvironmentError(`could not install pod-ls and its dependencies (is the package index reachable?): `
      + lastLines(pip.stderr || pip.stdout, 1), pip.stdout + pip.stderr);
  }
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ version, wheel: path.basename(wheel) }));
  for (const name of fs.readdirSync(storage)) {
    if (name.startsWith("server-") && name !== path.basename(dir)) {
      fs.rmSync(path.join(storage, name), { recursive: true, force: true });
    }
  }
  return envPython;
}
