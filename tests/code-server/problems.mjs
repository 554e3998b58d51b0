// Opens a workspace in a real VS Code (code-server) through headless Chromium, opens the
// manifest, shows the Problems panel and prints its text as JSON (tests/test_code_server.py).
import { chromium } from "playwright-core";

const [url, file, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 90000 });
  await page.waitForTimeout(3000);
  await page.keyboard.press("Control+P");
  await page.waitForTimeout(500);
  await page.keyboard.type(file);
  await page.waitForTimeout(1000);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30000 });
  await page.keyboard.press("Control+Shift+M");
  let problems = "";
  for (let i = 0; i < 60 && !problems.includes("probe-success-threshold"); i++) {
    await page.waitForTimeout(1000);
    problems = await page.locator(".markers-panel").innerText().catch(() => "");
  }
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ problems }));
} finally {
  await browser.close();
}
