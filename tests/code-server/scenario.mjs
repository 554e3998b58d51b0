// A new user's first session in a real VS Code (code-server), through headless Chromium
// (tests/test_code_server.py): open a manifest, wait for the extension to install its own
// server and show the four findings; then break podls.server.path, see one notification and
// a stopped status, fix it and see the server running again, without a restart. Prints what it
// saw as JSON; screenshots of the status bar item go to the artifacts folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { firstSquiggle, launch, openFile, visible } from "./workbench.mjs";

const [url, file, settingsFile, brokenPath, fixedPath, artifacts] = process.argv.slice(2);
const FINDINGS = ["dns-none-without-config", "unknown-field", "probe-success-threshold", "subdomain-headless-service"];
const seen = {};

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

const { browser, page } = await launch(url);
try {
  const pressed = await openFile(page, file);
  seen.opened = pressed !== undefined;
  if (seen.opened) {
    // The first start installs the server: a progress notification, then the running status.
    seen.installing = await waitForStatus(page, /installing|running|pod-ls \d/, 60000);
    seen.firstSquiggleMs = await firstSquiggle(page, pressed, 240000);
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
