// The server started as soon as the extension's code loads, before VS Code calls activate():
// at start-up VS Code reads the extension's stored state first, 0.1 to 1 s that the server
// spends on its imports instead. Started only when the command is known without that state:
// podls.server.path, a pod-ls on PATH, or the extension's own environment as the last start
// noted it. The controller adopts the process if it chooses the same command, and ends it
// otherwise. This module runs before the language client's (see extension.ts).
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { bundledWheel, recordedEnvironment } from "./environment";
import { bundledServer, ServerCommand, serverPlan, ServerSource, spawnServer } from "./serverCommand";

export interface EarlyServer {
  server: ServerCommand;
  process: ChildProcess;
  /** Set if the process could not be spawned: then it is not adopted. */
  failed?: Error;
}

function earlyCommand(extensionDir: string): ServerCommand | undefined {
  const config = vscode.workspace.getConfiguration("podls");
  const plan = serverPlan({ path: config.get<string>("server.path"), source: config.get<ServerSource>("server.source") });
  if (plan.kind === "command") return plan.server;
  const wheel = bundledWheel(extensionDir);
  if (plan.kind !== "bundled" || !wheel) return undefined;
  const { version } = JSON.parse(fs.readFileSync(path.join(extensionDir, "package.json"), "utf8"));
  const python = recordedEnvironment(extensionDir, String(version), wheel);
  return python ? bundledServer(python, plan.reason) : undefined;
}

/** The server's process, started now if its command is known, else undefined. */
export function startEarly(extensionDir: string): EarlyServer | undefined {
  try {
    const server = earlyCommand(extensionDir);
    if (!server) return undefined;
    const early: EarlyServer = { server, process: spawnServer(server) };
    early.process.on("error", (error) => {
      early.failed = error;
    });
    return early;
  } catch {
    return undefined; // activate() starts the server as it always does
  }
}

/** Started as the bundle loads: `out/extension.js` is one file, so its folder's parent is the extension's. */
export const earlyServer = startEarly(path.dirname(__dirname));
