// Opens a manifest in a VS Code that already has the extension's server installed, and prints
// the ms from pressing Enter on it in Quick Open to its first error squiggle
// (benchmarks/vscode_start.py). With "started", Enter waits until VS Code has finished starting:
// the extension, activated by the workspace's YAML files, shows its server running.
import { firstSquiggle, launch, openFile } from "./workbench.mjs";

const [url, file, when] = process.argv.slice(2);
const { browser, page } = await launch(url);
const seen = {};
try {
  if (when === "started") {
    const started = Date.now();
    const running = await page.locator(".statusbar-item", { hasText: /pod-ls \d/ }).first()
      .waitFor({ state: "attached", timeout: 60000 }).then(() => true, () => false);
    seen.startedMs = running ? Date.now() - started : undefined;
  }
  const pressed = await openFile(page, file);
  if (pressed !== undefined) seen.firstSquiggleMs = await firstSquiggle(page, pressed, 60000);
} finally {
  await browser.close();
  console.log(JSON.stringify(seen));
}
