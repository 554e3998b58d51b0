// A new user's first session in a real VS Code (code-server), through headless Chromium
// (tests/test_code_server.py): open a manifest, wait for the extension to install its own
// server and show the four findings; then break podls.server.path, see one notification and
// a stopped status, fix it and see the server running again, without a restart. Prints what it
// saw as JSON; screenshots of the status bar item go to the artifacts folder.
//
// Each step waits for what it needs to see, and typing is retried, because a slow machine
// drops keys pressed before the workbench is ready.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, file, settingsFile, brokenPath, fixedPath, artifacts] = process.argv.slice(2);
const FINDINGS = ["dns-none-without-config", "unknown-field", "probe-success-threshold", "subdomain-headless-service"];
const seen = {};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function visible(page, selector, timeout) {
  return page.locator(selector).first().waitFor({ state: "visible", timeout }).then(() => true, () => false);
}

async function openFile(page) {
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

function status(page) {
  return page.locator(".statusbar-item", { hasText: "pod-ls" }).first();
}

async function waitForStatus(page, pattern, timeout) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = (await status(page).innerText({ timeout: 1000 }).catch(() => "")).trim();
    if (pattern.test(text)) return text;
    await page.waitForTimeout(200);
  }
  return text;
}

async function problems(page, timeout) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline && !FINDINGS.every((code) => text.includes(code))) {
    if (!(await page.locator(".markers-panel").first().isVisible())) await page.keyboard.press("Control+Shift+M");
    await page.waitForTimeout(500);
    text = await page.locator(".markers-panel").innerText().catch(() => "");
  }
  return text;
}

async function notifications(page) {
  return page.locator(".notification-toast .notification-list-item-message").allInnerTexts().catch(() => []);
}

async function activePanel(page) {
  return (await page.locator(".part.panel .composite.title .action-item.checked").first().innerText().catch(() => "")).trim();
}

async function snapshot(page, name) {
  await status(page).screenshot({ path: join(artifacts, `status-${name}.png`) }).catch(() => undefined);
  await page.screenshot({ path: join(artifacts, `vscode-${name}.png`) });
}

/** Sets podls.server.path as a person would: in the Settings editor, which saves as one types. */
async function setServerPath(page, value) {
  const input = page.locator('.settings-editor .setting-item-contents[data-key="podls.server.path"] input, '
    + '.settings-editor .setting-item-string input').first();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!(await input.isVisible().catch(() => false))) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+Comma");
      if (!(await visible(page, ".settings-editor .suggest-input-container", 20000))) continue;
      await page.locator(".settings-editor .suggest-input-container").first().click();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("podls.server.path");
      if (!(await input.waitFor({ state: "visible", timeout: 20000 }).then(() => true, () => false))) continue;
    }
    await input.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(value);
    await page.keyboard.press("Tab");
    const saved = Date.now() + 10000;
    while (Date.now() < saved) {
      if (readFileSync(settingsFile, "utf8").includes(JSON.stringify(value))) {
        await page.keyboard.press("Escape");
        return true;
      }
      await page.waitForTimeout(200);
    }
  }
  return false;
}

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  await page.waitForTimeout(2000);
  const pressed = await openFile(page);
  seen.opened = pressed !== undefined;
  if (seen.opened) {
    // The first start installs the server: a progress notification, then the running status.
    seen.installing = await waitForStatus(page, /installing|running|pod-ls \d/, 60000);
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "attached", timeout: 240000 })
      .catch(() => undefined);
    seen.firstSquiggleMs = Date.now() - pressed;
    seen.running = await waitForStatus(page, /^pod-ls \d/, 60000);
    seen.problems = await problems(page, 60000);
    await snapshot(page, "running");

    seen.brokenSaved = await setServerPath(page, brokenPath);
    seen.stopped = await waitForStatus(page, /stopped/, 60000);
    await page.waitForTimeout(1500); // a retry storm would show more notifications by now
    seen.notifications = await notifications(page);
    seen.panelAfterFailure = await activePanel(page);
    await snapshot(page, "stopped");

    seen.fixedSaved = await setServerPath(page, fixedPath);
    seen.recovered = await waitForStatus(page, /^pod-ls \d/, 60000);
    seen.problemsAfterRecovery = await problems(page, 60000);
    await snapshot(page, "recovered");
  }
} finally {
  await browser.close();
  console.log(JSON.stringify(seen));
}
