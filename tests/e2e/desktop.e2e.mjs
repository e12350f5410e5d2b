// Drives the built Keystead desktop app through tauri-driver (WebDriver classic over WebKitWebDriver).
// Expects tauri-driver on KEYSTEAD_E2E_DRIVER_PORT (run.sh starts it, with a fresh KEYSTEAD_DATA_DIR
// and no reachable keyring, so the app starts on the "Create a passphrase" screen).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const application = process.env.KEYSTEAD_E2E_APP ?? resolve(repo, "target/debug/keystead-desktop");
const screenshot = process.env.KEYSTEAD_E2E_SCREENSHOT ?? resolve(repo, "docs/screenshot.png");
const port = Number(process.env.KEYSTEAD_E2E_DRIVER_PORT ?? 4444);

const PASSPHRASE = "e2e passphrase 42";
const CANARY = "e2e-canary-value-123";
const MASK = "••••••••";
const TIMEOUT = 20_000;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function createPassphraseRevealSecret(browser) {
  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  const step = (name) => console.log(`  - ${name}`);

  step("fresh data dir shows the create-passphrase screen");
  await byTestId("passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
  const heading = await browser.$("h2").getText();
  check(heading === "Create a passphrase", `heading is "${heading}"`);

  step("create the passphrase");
  await byTestId("passphrase-input").setValue(PASSPHRASE);
  await byTestId("passphrase-confirm-input").setValue(PASSPHRASE);
  await byTestId("unlock-submit").click();
  await byTestId("app-title").waitForDisplayed({ timeout: TIMEOUT });
  const tenant = String(await byTestId("tenant-badge").getProperty("textContent"));
  check(/\bmain\b/i.test(tenant), `tenant badge shows the default tenant main, got "${tenant}"`);

  step("create namespace company.team");
  await byTestId("new-namespace-button").click();
  await byTestId("namespace-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("namespace-input").setValue("company.team");
  await byTestId("namespace-submit").click();
  await byTestId("namespace-node-company.team").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("namespace-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  check(await byTestId("namespace-node-company").isDisplayed(), "implicit parent company is shown");
  await byTestId("secrets-title").waitForDisplayed({ timeout: TIMEOUT });
  const title = await byTestId("secrets-title").getText();
  check(title === "Secrets in company.team", `panel title is "${title}"`);

  step("create secret API_KEY");
  await byTestId("new-secret-button").click();
  await byTestId("secret-key-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("secret-key-input").setValue("API_KEY");
  await byTestId("secret-value-input").setValue(CANARY);
  await byTestId("secret-description-input").setValue("Created by the end-to-end test");
  await byTestId("secret-submit").click();
  await byTestId("secret-row-API_KEY").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("secret-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });

  step("the row is masked and the value is nowhere in the page");
  const masked = await byTestId("secret-value-API_KEY").getText();
  check(masked === MASK, `value cell shows "${masked}"`);
  check(!(await browser.getPageSource()).includes(CANARY), "the page source does not contain the value");

  step("reveal shows the value");
  await byTestId("reveal-API_KEY").click();
  await browser.waitUntil(async () => (await byTestId("secret-value-API_KEY").getText()) === CANARY, {
    timeout: TIMEOUT,
    timeoutMsg: "the revealed value did not appear",
  });

  step("copy (informational: reports whether navigator.clipboard works in WebKitGTK)");
  await byTestId("copy-API_KEY").click();
  // Notifications sit in a fixed-position portal that WebKitWebDriver's getText treats as hidden.
  const bodyText = async () => String(await browser.$("body").getProperty("textContent"));
  const copyOutcome = await browser
    .waitUntil(async () => (await bodyText()).match(/API_KEY copied[^.;]*|Could not copy API_KEY.{0,120}/)?.[0], {
      timeout: 5_000,
    })
    .catch(() => "no notification within 5 s (the clipboard write did not settle)");
  console.log(`    copy outcome: ${copyOutcome}`);
  // The 30 s auto-clear runs from a timer, outside any click: check whether WebKit allows that.
  const clearOutcome = await browser.executeAsync((done) => {
    navigator.clipboard.writeText("").then(
      () => done("allowed"),
      (error) => done(`refused: ${String(error)}`),
    );
  });
  console.log(`    clipboard clear outside a click: ${clearOutcome}`);

  step(`screenshot to ${screenshot}`);
  mkdirSync(dirname(screenshot), { recursive: true });
  await browser.saveScreenshot(screenshot);
}

const started = Date.now();
let passed = 0;
let failed = 0;
let browser;
try {
  console.log(`keystead e2e: ${application}`);
  browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application },
    },
  });
  console.log("create passphrase, namespace and secret, then reveal it");
  await createPassphraseRevealSecret(browser);
  passed += 1;
  console.log(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  failed += 1;
  console.error(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const failureShot = process.env.KEYSTEAD_E2E_FAILURE_SCREENSHOT;
  if (failureShot !== undefined && browser !== undefined) {
    await browser.saveScreenshot(failureShot).catch(() => undefined);
    console.error(`failure screenshot: ${failureShot}`);
  }
} finally {
  await browser?.deleteSession().catch(() => undefined);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
