// The VS Code workbench in headless Chromium, for scenario.mjs and first-diagnostics.mjs. Each
// step waits for what it needs to see, and typing is retried, because a slow machine drops keys
// pressed before the workbench is ready.
import { chromium } from "playwright-core";

export async function launch(url) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  await page.waitForTimeout(2000);
  return { browser, page };
}

export async function visible(page, selector, timeout) {
  return page.locator(selector).first().waitFor({ state: "visible", timeout }).then(() => true, () => false);
}

/** Opens `file` through Quick Open; returns when Enter was pressed on it (ms), or undefined. */
export async function openFile(page, file) {
  const tab = `.tabs-container .tab.active[aria-label*="${file}"]`;
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    if (!(await visible(page, ".quick-input-widget input", 10000))) continue;
    await page.keyboard.type(file);
    if (!(await visible(page, `.quick-input-list .monaco-list-row[aria-label*="${file}"]`, 30000))) continue;
    const pressed = Date.now();
    await page.keyboard.press("Enter");
    if (await visible(page, tab, 20000)) return pressed;
  }
  return undefined;
}

/** Ms from `since` to the first error squiggle in the editor, or undefined after `timeout`. */
export async function firstSquiggle(page, since, timeout) {
  const shown = await page.locator(".monaco-editor .squiggly-error").first()
    .waitFor({ state: "attached", timeout }).then(() => true, () => false);
  return shown ? Date.now() - since : undefined;
}
