// The pod-ls extension: starts the language server for YAML files, beside Red Hat's YAML
// extension, passes the podls.* settings, and offers a restart command.
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { serverCommand, serverSettings } from "./serverCommand";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

function settingsForServer(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("podls");
  return serverSettings((key) => config.get(key));
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("podls");
  const chosen = serverCommand({
    path: config.get<string>("server.path"),
    python: config.get<string>("server.python"),
    defaultInterpreter: vscode.workspace.getConfiguration("python").get<string>("defaultInterpreterPath"),
  });
  output.appendLine(`Starting ${chosen.command} ${chosen.args.join(" ")} (${chosen.reason})`);
  const serverOptions: ServerOptions = {
    command: chosen.command,
    args: chosen.args,
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
    ],
    outputChannel: output,
    initializationOptions: settingsForServer(),
    middleware: {
      workspace: {
        // The server asks for the "podls" section: answer in the server's settings shape
        // (without the client-only server.* and trace.* keys).
        configuration: (params) =>
          params.items.map((item) => (item.section === "podls" ? settingsForServer() : null)),
      },
    },
  };
  client = new LanguageClient("podls", "pod-ls", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`pod-ls failed to start: ${error}`);
    output.show(true);
    void vscode.window.showErrorMessage(
      `pod-ls could not start (${chosen.command}). Install it with "pip install pod-ls" or set podls.server.path.`,
    );
  }
}

async function stop(): Promise<void> {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("pod-ls");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("podls.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("podls.server")) {
        await stop();
        await start();
      } else if (event.affectsConfiguration("podls") && client?.isRunning()) {
        // The server then asks for the "podls" section again.
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
