// The pod-ls extension: runs the language server for YAML files, beside Red Hat's YAML
// extension, passes the podls.* settings, and shows the server's state in the status bar.
import * as vscode from "vscode";
// First, so that the server starts before the language client's code loads.
import { earlyServer } from "./early";
import { ServerController } from "./controller";
import { ServerStatus } from "./status";

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("pod-ls");
  const status = new ServerStatus();
  const server = new ServerController(context, output, status, earlyServer);
  controller = server;
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("podls.restart", () => server.restart()),
    vscode.commands.registerCommand("podls.showLog", () => server.showLog()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("podls.server")) {
        void server.restart();
      } else if (event.affectsConfiguration("podls")) {
        server.settingsChanged();
      }
    }),
  );
  // Not awaited: installing the server's environment can take a while.
  void server.restart();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
}
