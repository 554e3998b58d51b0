// Opens a manifest in a VS Code that already has the extension's server installed, and prints
// the ms from pressing Enter on it in Quick Open to its first error squiggle
// (benchmarks/vscode_start.py).
import { firstSquiggle, launch, openFile } from "./workbench.mjs";

const [url, file] = process.argv.slice(2);
const { browser, page } = await launch(url);
const seen = {};
try {
  const pressed = await openFile(page, file);
  if (pressed !== undefined) seen.firstSquiggleMs = await firstSquiggle(page, pressed, 60000);
} finally {
  await browser.close();
  console.log(JSON.stringify(seen));
}
