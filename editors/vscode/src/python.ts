// Finding a Python 3.11 or newer to create the server's environment with: the configured one,
// the interpreter selected in the Python extension (through its API, so that it follows the
// user's choice), then python3, python and py -3 from PATH. No VS Code import: unit-tested.
import { execFile } from "child_process";

export interface PythonCandidate {
  command: string;
  args: string[];
  /** Where this candidate came from, for messages. */
  origin: string;
}

export interface FoundPython {
  /** The interpreter's own sys.executable. */
  executable: string;
  version: string;
  origin: string;
}

/** The part of the Python extension's API (ms-python.python) that is read here. */
export interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: unknown): { id: string; path: string } | undefined;
    resolveEnvironment(environment: { id: string; path: string } | string):
      Promise<{ executable?: { uri?: { fsPath: string } } } | undefined>;
  };
}

/** The interpreter selected in the Python extension for `resource`, or undefined. */
export async function selectedInterpreter(api: PythonExtensionApi | undefined, resource?: unknown):
  Promise<string | undefined> {
  const environments = api?.environments;
  if (!environments) return undefined;
  try {
    const active = environments.getActiveEnvironmentPath(resource);
    if (!active) return undefined;
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

export function pythonCandidates(configured: string | undefined, selected: string | undefined,
  platform: NodeJS.Platform = process.platform): PythonCandidate[] {
  if (configured?.trim()) return [{ command: configured.trim(), args: [], origin: "podls.server.python" }];
  const candidates: PythonCandidate[] = [];
  if (selected) candidates.push({ command: selected, args: [], origin: "the Python extension's interpreter" });
  candidates.push({ command: "python3", args: [], origin: "python3 on PATH" });
  candidates.push({ command: "python", args: [], origin: "python on PATH" });
  if (platform === "win32") candidates.push({ command: "py", args: ["-3"], origin: "the py launcher" });
  return candidates;
}

const PROBE = "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])";

export function run(command: string, args: string[], timeoutMs = 20000):
  Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code === -1 ? error.message : "") });
      });
  });
}

/**
 * The first candidate that runs and is 3.11 or newer; otherwise undefined and, for the
 * message, what each candidate turned out to be.
 */
export async function findPython(candidates: PythonCandidate[]):
  Promise<{ found?: FoundPython; tried: string[] }> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    const probe = await run(candidate.command, [...candidate.args, "-c", PROBE]);
    const [executable, version] = probe.stdout.trim().split(/\r?\n/);
    if (probe.code !== 0 || !version) {
      tried.push(`${candidate.command} (${candidate.origin}): not found`);
      continue;
    }
    const [major, minor] = version.split(".").map(Number);
    if (major === 3 && minor >= 11) return { found: { executable, version, origin: candidate.origin }, tried };
    tried.push(`${candidate.command} (${candidate.origin}): Python ${version}`);
  }
  return { tried };
}
