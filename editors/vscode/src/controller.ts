// The server's life: choose it, install it if it is the extension's own, start it, and stop it
// from whatever state the client is in. Starts and stops run one at a time, in order, so that a
// settings change during a start is not lost. A failure gives one notification with what to do.
import { ChildProcess } from "child_process";
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  State,
} from "vscode-languageclient/node";
import { EarlyServer } from "./early";
import { bundledWheel, createEnvironment, EnvironmentError, readyEnvironment, recordEnvironment } from "./environment";
import { findPython, PythonExtensionApi, pythonCandidates, selectedInterpreter } from "./python";
import {
  bundledServer, sameCommand, ServerCommand, serverPlan, serverSettings, ServerSource, spawnServer,
} from "./serverCommand";
import { ServerStatus } from "./status";

/** Every client error goes to the log only: the controller shows the one notification it deserves. */
class QuietClient extends LanguageClient {
  override error(message: string, data?: unknown): void {
    super.error(message, data, false);
  }
}

type Action = "Install Python…" | "Set path…" | "Show log" | "Restart";

function settingsForServer(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("podls");
  return serverSettings((key) => config.get(key));
}

export class ServerController implements vscode.Disposable {
  private client: QuietClient | undefined;
  /** The server process of `client`: ended here if a failed start or a stop leaves it running. */
  private process: ChildProcess | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly activated = Date.now();
  private diagnosticsSeen = false;

  /**
   * @param early the server's process if it was started as the extension loaded (early.ts):
   * the first start adopts it if it chooses the same command.
   */
  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.OutputChannel,
    private readonly status: ServerStatus, private early?: EarlyServer) {}

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      await this.startClient();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopClient();
      this.endEarly();
    });
  }

  /** Settings other than podls.server.*: a running server asks for its section again. */
  settingsChanged(): void {
    if (this.client?.state === State.Running) {
      void this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }
  }

  showLog(): void {
    this.output.show(true);
  }

  dispose(): void {
    void this.stop();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error) => this.log(`pod-ls: ${error}`));
    return this.queue;
  }

  private log(line: string): void {
    if (line.trim()) this.output.appendLine(line.trimEnd());
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        if (client.state === State.Running) await client.stop(3000);
      } catch (error) {
        this.log(`pod-ls: stopping the server: ${error}`);
      }
    }
    this.endProcess();
  }

  private endProcess(): void {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
    this.process = undefined;
  }

  /** The early process when it runs the command chosen; else it is ended. */
  private adoptEarly(server: ServerCommand): ChildProcess | undefined {
    const early = this.early;
    this.early = undefined;
    if (!early) return undefined;
    const alive = !early.failed && early.process.exitCode === null && early.process.signalCode === null;
    if (alive && sameCommand(early.server, server)) return early.process;
    early.process.kill();
    return undefined;
  }

  private endEarly(): void {
    this.early?.process.kill();
    this.early = undefined;
  }

  private spawn(server: ServerCommand): ChildProcess {
    const adopted = this.adoptEarly(server);
    if (adopted) this.log("Its process was started as the extension loaded");
    const child = adopted ?? spawnServer(server);
    child.on("error", (error) => this.log(`pod-ls: ${server.command}: ${error.message}`));
    this.process = child;
    return child;
  }

  private async startClient(): Promise<void> {
    this.status.busy("starting");
    const server = await this.chooseServer();
    if (!server) {
      this.endEarly();
      return;
    }
    this.log(`Starting ${server.command} ${server.args.join(" ")} (${server.reason})`);
    const started = Date.now();
    const client = new QuietClient("podls", "pod-ls", async () => this.spawn(server), this.clientOptions());
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      this.endProcess();
      this.fail(`pod-ls could not start (${server.command}): ${error instanceof Error ? error.message : error}`,
        "the server did not start", ["Show log", "Set path…"]);
      return;
    }
    const version = client.initializeResult?.serverInfo?.version;
    this.log(`pod-ls ${version ?? ""} is running (${Date.now() - started} ms to start)`);
    this.status.running(version, server.reason);
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [
        { scheme: "file", language: "yaml" },
        { scheme: "untitled", language: "yaml" },
      ],
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: settingsForServer(),
      initializationFailedHandler: () => false,
      errorHandler: {
        error: () => ({ action: ErrorAction.Shutdown, handled: true }),
        closed: () => {
          this.crashed();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        workspace: {
          // The server asks for the "podls" section: answer in the server's settings shape
          // (without the client-only server.* and trace.* keys).
          configuration: (params) =>
            params.items.map((item) => (item.section === "podls" ? settingsForServer() : null)),
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          if (!this.diagnosticsSeen) {
            this.diagnosticsSeen = true;
            this.log(`First diagnostics ${Date.now() - this.activated} ms after the extension was activated`);
          }
          next(uri, diagnostics);
        },
      },
    };
  }

  /** The connection closed on its own: a running server exited (a failed start is handled in startClient). */
  private crashed(): void {
    if (this.client?.state !== State.Running) return;
    this.client = undefined;
    this.fail("pod-ls stopped: the server exited. Its log says why.", "the server exited", ["Restart", "Show log"]);
  }

  private async chooseServer(): Promise<ServerCommand | undefined> {
    const config = vscode.workspace.getConfiguration("podls");
    const plan = serverPlan({ path: config.get<string>("server.path"), source: config.get<ServerSource>("server.source") });
    if (plan.kind === "command") return plan.server;
    if (plan.kind === "missing") {
      this.fail(`pod-ls could not start: ${plan.problem}.`, plan.problem, ["Set path…", "Show log"]);
      return undefined;
    }
    const python = await this.bundledServer(config);
    if (!python) return undefined;
    recordEnvironment(this.context.extensionPath, this.context.globalStorageUri.fsPath);
    return bundledServer(python, `the extension's own server, ${plan.reason}`);
  }

  /** The Python of the extension's own environment, made first if need be. */
  private async bundledServer(config: vscode.WorkspaceConfiguration): Promise<string | undefined> {
    const wheel = bundledWheel(this.context.extensionPath);
    if (!wheel) {
      this.fail("pod-ls could not start: this build of the extension carries no server. Install pod-ls or set podls.server.path.",
        "no server to start", ["Set path…", "Show log"]);
      return undefined;
    }
    const storage = this.context.globalStorageUri.fsPath;
    const version = String(this.context.extension.packageJSON.version);
    const ready = readyEnvironment(storage, version, wheel);
    if (ready) return ready;
    this.status.busy("looking for Python");
    const { found, tried } = await findPython(pythonCandidates(config.get<string>("server.python"),
      await this.selectedInterpreter()));
    if (!found) {
      this.log(`No Python 3.11 or newer: ${tried.join("; ")}`);
      this.fail("pod-ls needs Python 3.11 or newer to install its server, and found none. Install Python, "
        + "or set podls.server.python or podls.server.path.", "no Python 3.11 or newer",
        ["Install Python…", "Set path…", "Show log"]);
      return undefined;
    }
    this.status.busy("installing");
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `pod-ls: installing the server with Python ${found.version}…` },
        () => createEnvironment(storage, version, wheel, found.executable, (line) => this.log(line)));
    } catch (error) {
      const message = error instanceof EnvironmentError ? error.message : String(error);
      this.fail(`pod-ls could not install its server: ${message}. pip's output is in the log.`,
        "its environment could not be made", ["Show log", "Set path…"]);
      return undefined;
    }
  }

  private async selectedInterpreter(): Promise<string | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
    if (!extension) return undefined;
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      const resource = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      return await selectedInterpreter(api, resource);
    } catch (error) {
      this.log(`The Python extension gave no interpreter: ${error}`);
      return undefined;
    }
  }

  private fail(message: string, reason: string, actions: Action[]): void {
    this.log(message);
    this.status.stopped(reason);
    void vscode.window.showErrorMessage(message, ...actions).then((action) => {
      if (action === "Show log") this.showLog();
      else if (action === "Set path…") void vscode.commands.executeCommand("workbench.action.openSettings", "podls.server");
      else if (action === "Install Python…") void vscode.env.openExternal(vscode.Uri.parse("https://www.python.org/downloads/"));
      else if (action === "Restart") void this.restart();
    });
  }
}
