// Opens a workspace in a real VS Code (code-server) through headless Chromium, opens the
// manifest, shows the Problems panel and prints its text as JSON (tests/test_code_server.py).
// Each step waits for what it needs to see and is retried, because a slow machine drops keys
// pressed before the workbench is ready; the JSON also says which editor ended up open.
import { chromium } from "playwright-core";

const [url, file, screenshot] = process.argv.slice(2);
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
    await page.keyboard.press("Enter");
    if (await visible(page, tab, 20000)) return true;
  }
  return false;
}

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  await page.waitForTimeout(3000);
  const opened = await openFile(page);
  let problems = "";
  for (let i = 0; i < 120 && !problems.includes("probe-success-threshold"); i++) {
    if (!(await page.locator(".markers-panel").first().isVisible())) await page.keyboard.press("Control+Shift+M");
    await page.waitForTimeout(1000);
    problems = await page.locator(".markers-panel").innerText().catch(() => "");
  }
  const editor = await page.locator(".tabs-container .tab.active").first().innerText().catch(() => "");
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ problems, opened, editor }));
} finally {
  await browser.close();
}
