// The status bar item: the server's state at a glance (starting, installing, running with its
// version, stopped with the reason); clicking it opens the server's log.
import * as vscode from "vscode";

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("podls.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "pod-ls";
    this.item.command = "podls.showLog";
    this.item.show();
  }

  busy(what: string): void {
    this.set(`$(sync~spin) pod-ls: ${what}`, `pod-ls: ${what}…`);
  }

  running(version: string | undefined, detail: string): void {
    this.set(`$(check) pod-ls ${version ?? ""}`.trimEnd(), `pod-ls ${version ?? ""} is running (${detail}). Click for its log.`);
  }

  stopped(reason: string): void {
    this.set("$(error) pod-ls: stopped", `pod-ls is not running: ${reason}. Click for its log.`, true);
  }

  private set(text: string, tooltip: string, error = false): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
