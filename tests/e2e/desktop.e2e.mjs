// Drives the built Keystead desktop app through tauri-driver (WebDriver classic over WebKitWebDriver).
// Expects tauri-driver on KEYSTEAD_E2E_DRIVER_PORT (run.sh starts it, with a fresh KEYSTEAD_DATA_DIR
// and no reachable keyring, so the app starts on the "Create a passphrase" screen).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { remote } from "webdriverio";

import { accessJourney } from "./accessJourney.mjs";
import { auditSearchJourney } from "./auditSearchJourney.mjs";
import { credentialTypesJourney } from "./credentialTypesJourney.mjs";
import { expiringJourney } from "./expiringJourney.mjs";
import { kvJourney } from "./kvJourney.mjs";
import { namespaceJourney } from "./namespaceJourney.mjs";
import { secretsJourney } from "./secretsJourney.mjs";
import { settingsJourney } from "./settingsJourney.mjs";
import { check, driving, readClipboard, retryStaleLookups, saveScreenshot, step, TIMEOUT } from "./session.mjs";
import { appearance, darkThemeJourney } from "./themeJourney.mjs";
import { startTokenEndpoint } from "./tokenEndpoint.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const application = process.env.KEYSTEAD_E2E_APP ?? resolve(repo, "target/debug/keystead-desktop");
const screenshot = process.env.KEYSTEAD_E2E_SCREENSHOT ?? resolve(repo, "docs/screenshot.png");
const port = Number(process.env.KEYSTEAD_E2E_DRIVER_PORT ?? 4444);
// Screenshots of the credential form and Test result panel, the API tokens list and the KV tab go here.
const screenshotDir = process.env.KEYSTEAD_E2E_SCREENSHOT_DIR ?? dirname(screenshot);

const PASSPHRASE = "e2e passphrase 42";
const NEW_PASSPHRASE = "e2e renewed passphrase 77";
const CANARY = "e2e-canary-value-123";
const MASK = "••••••••";

// The app's clipboard clear delay (run.sh sets it short so the clear is checked; the app's default is 30).
const CLEAR_SECS = Number(process.env.KEYSTEAD_CLIPBOARD_CLEAR_SECS ?? 30);

async function createPassphraseRevealSecret(browser) {
  const { byTestId, bodyText, click } = driving(browser, screenshotDir);

  step("fresh data dir shows the create-passphrase screen");
  await byTestId("passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
  const heading = await browser.$("h2").getText();
  check(heading === "Create a passphrase", `heading is "${heading}"`);
  // No dark preference on this display: light (the dark counterpart runs last, in its own session).
  const seen = await appearance(browser);
  check(seen.scheme === "light" && seen.luminance > 0.75, `light by default: ${JSON.stringify(seen)}`);

  step("create the passphrase");
  await byTestId("passphrase-input").setValue(PASSPHRASE);
  await byTestId("passphrase-confirm-input").setValue(PASSPHRASE);
  await byTestId("unlock-submit").click();
  await byTestId("app-title").waitForDisplayed({ timeout: TIMEOUT });

  step("the first unlock offers a recovery key; Later leaves it for Settings");
  await byTestId("first-run-recovery").waitForDisplayed({ timeout: TIMEOUT });
  await click("first-run-later");
  await byTestId("first-run-recovery").waitForExist({ timeout: TIMEOUT, reverse: true });
  await browser.waitUntil(async () => (await browser.$$(".mantine-Modal-overlay").length) === 0, {
    timeout: TIMEOUT,
    timeoutMsg: "the first-run prompt's overlay stayed",
  });
  const tenant = String(await byTestId("tenant-switcher").getProperty("textContent"));
  check(/\bmain\b/i.test(tenant), `tenant switcher shows the default tenant main, got "${tenant}"`);

  step("create namespace company.team");
  // The helper waits for the dialog to stop sliding in: a click meanwhile can miss the button.
  await click("new-namespace-button");
  await byTestId("namespace-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("namespace-input").setValue("company.team");
  await click("namespace-submit");
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

  step("hide, then copy: the host writes the OS clipboard and the value stays out of the page");
  await byTestId("reveal-API_KEY").click();
  await browser.waitUntil(async () => (await byTestId("secret-value-API_KEY").getText()) === MASK, {
    timeout: TIMEOUT,
    timeoutMsg: "the value did not re-mask",
  });
  await byTestId("copy-API_KEY").click();
  const copied = `API_KEY copied; the clipboard clears in ${CLEAR_SECS} s`;
  await browser.waitUntil(async () => (await bodyText()).includes(copied), {
    timeout: TIMEOUT,
    timeoutMsg: `no "${copied}" notification`,
  });
  check(!(await bodyText()).includes("Could not copy"), "no copy error is shown");
  check(!(await browser.getPageSource()).includes(CANARY), "the copied value is not in the page");
  const onClipboard = readClipboard();
  check(onClipboard === CANARY, `the OS clipboard holds the value (got ${JSON.stringify(onClipboard?.slice(0, 40))})`);

  if (CLEAR_SECS <= 10) {
    step(`the clipboard is emptied after ${CLEAR_SECS} s`);
    const copiedAt = Date.now();
    await browser.waitUntil(async () => readClipboard() !== CANARY, {
      timeout: (CLEAR_SECS + 10) * 1000,
      interval: 250,
      timeoutMsg: `the clipboard still holds the value ${CLEAR_SECS + 10} s after the copy`,
    });
    const after = readClipboard();
    check(after === null || after === "", `the clipboard is empty after the clear (got ${JSON.stringify(after)})`);
    console.log(`    cleared ${((Date.now() - copiedAt) / 1000).toFixed(1)} s after the copy was confirmed`);
  } else {
    step(`clear not checked: KEYSTEAD_CLIPBOARD_CLEAR_SECS=${CLEAR_SECS} (run.sh sets 2)`);
  }

  step(`screenshot to ${screenshot}`);
  mkdirSync(dirname(screenshot), { recursive: true });
  await saveScreenshot(browser, screenshot);
}

// The token endpoint accepts this client; the secret has characters that RFC 6749 §2.3.1's
// form-urlencoding changes, so a wrong Basic encoding fails the test.
const CLIENT_ID = "keystead e2e";
const CLIENT_SECRET = "s3cr:t+/&=é";
const WRONG_SECRET = "not-the-secret";

async function credentialTestSucceedsThenReportsInvalidClient(browser) {
  const { byTestId, text, waitForText, click, clickElement, overlaysGone, pickOption, screenshotTo } = driving(browser, screenshotDir);
  const testResultShown = async () => {
    await browser.$('[aria-label="Close the test result"]').waitForDisplayed({ timeout: TIMEOUT });
    await browser.waitUntil(() => browser.$('[aria-label="Close the test result"]').isDisplayed({ withinViewport: true }), {
      timeout: TIMEOUT,
      timeoutMsg: "the test result drawer did not slide in",
    });
  };
  const closeTestResult = async () => {
    // Once the drawer has stopped sliding in; a click that still lands on its way in is repeated.
    await browser.waitUntil(
      async () => {
        const close = browser.$('[aria-label="Close the test result"]');
        if (await close.isExisting()) await clickElement(close, "the test result's close button").catch(() => undefined);
        return byTestId("test-result")
          .waitForExist({ timeout: 3000, reverse: true })
          .then(() => true)
          .catch(() => false);
      },
      { timeout: TIMEOUT, interval: 200, timeoutMsg: "the test result drawer did not close" },
    );
    await browser.waitUntil(async () => (await browser.$$(".mantine-Drawer-overlay").length) === 0, {
      timeout: TIMEOUT,
      timeoutMsg: "the test result drawer's overlay stayed",
    });
  };

  const endpoint = await startTokenEndpoint({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  try {
    step(`token endpoint at ${endpoint.tokenUrl}`);

    step("create secret OKTA_SECRET in company.team");
    await click("new-secret-button");
    await byTestId("secret-key-input").waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("secret-key-input").setValue("OKTA_SECRET");
    await byTestId("secret-value-input").setValue(CLIENT_SECRET);
    await click("secret-submit");
    await byTestId("secret-row-OKTA_SECRET").waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("secret-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();

    step("open the Credentials tab");
    await click("tab-credentials");
    await byTestId("credentials-empty").waitForDisplayed({ timeout: TIMEOUT });

    step("fill a new oauth2_client_credentials credential, client_secret through the secret picker");
    await click("new-credential-button");
    await byTestId("credential-name-input").waitForDisplayed({ timeout: TIMEOUT });
    const type = await byTestId("credential-type-select").getValue();
    check(type === "OAuth2 client credentials", `the default type is "${type}"`);
    await byTestId("credential-name-input").setValue("okta-ci");
    await byTestId("credential-description-input").setValue("CI pipelines, end-to-end test");
    await byTestId("field-token_url").setValue(endpoint.tokenUrl);
    await byTestId("field-client_id").setValue(CLIENT_ID);
    await byTestId("field-scope").setValue("read write");
    await pickOption("secret-picker-client_secret", "OKTA_SECRET");
    await screenshotTo("credential-form.png");
    check(
      (await browser.getPageSource()).includes("{{ secret('OKTA_SECRET') }}"),
      "the form shows the secret reference it will store",
    );

    step("Test the unsaved form: ok");
    await click("credential-form-test");
    await waitForText("test-result-status", (t) => t === "ok", "the form's Test did not report ok");
    await testResultShown();
    await closeTestResult();

    step("save");
    await click("credential-submit");
    await byTestId("credential-row-okta-ci").waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("credential-form").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();

    step("Test the saved credential: ok, with expiry, granted scope and a token preview only");
    await click("test-okta-ci");
    await waitForText("test-result-status", (t) => t === "ok", "the row's Test did not report ok");
    const expiry = await text("test-result-expiry");
    check(/^expires in (59m|1h)/.test(expiry), `expiry reads "${expiry}"`);
    const granted = await text("test-result-scope-granted");
    check(granted === "read write", `granted scope reads "${granted}"`);
    const preview = await text("test-result-token-preview");
    check(preview.startsWith("e2e-ac") && preview.includes("•"), `token preview reads "${preview}"`);
    const page = await browser.getPageSource();
    check(endpoint.issued.length === 2, `the endpoint issued ${endpoint.issued.length} tokens (expected 2)`);
    check(!endpoint.issued.some((token) => page.includes(token)), "no full access token is in the page");
    check(!page.includes(CLIENT_SECRET), "the client secret is not in the page");
    await testResultShown();
    await screenshotTo("credential-test.png");
    await closeTestResult();
    await overlaysGone();

    step("the server now takes client_secret_post only: the Test diagnoses it, and its one-click fix passes");
    endpoint.acceptOnly(["client_secret_post"]);
    await click("test-okta-ci");
    await waitForText("test-result-status", (t) => t === "failed", "the Test did not fail");
    const finding = await text("diagnosis-finding");
    check(finding.includes("accepts client_secret_post, not client_secret_basic"), `the diagnosis reads "${finding}"`);
    await testResultShown();
    await screenshotTo("credential-test-diagnosis.png");
    await click("diagnosis-fix");
    await waitForText("test-result-status", (t) => t === "ok", "the Test after the fix did not report ok");
    check(endpoint.tokenRequests().at(-1)?.auth === "client_secret_post", "the fixed credential authenticates with client_secret_post");
    endpoint.acceptOnly(null);
    await closeTestResult();
    await overlaysGone();

    step("edit: point client_secret at a new secret with a wrong value, created inline");
    await click("credential-actions-okta-ci");
    await click("edit-okta-ci");
    await byTestId("secret-create-client_secret").waitForDisplayed({ timeout: TIMEOUT });
    await click("secret-create-client_secret");
    await byTestId("secret-create-key-client_secret").setValue("OKTA_SECRET_OLD");
    await byTestId("secret-create-value-client_secret").setValue(WRONG_SECRET);
    await click("secret-create-save-client_secret");
    await browser.waitUntil(async () => (await browser.getPageSource()).includes("{{ secret('OKTA_SECRET_OLD') }}"), {
      timeout: TIMEOUT,
      timeoutMsg: "the new secret was not selected",
    });
    await click("credential-submit");
    await byTestId("credential-form").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();

    step("Test again: invalid_client, with the hint to try client_secret_basic, and no diagnosis to blame the method");
    await click("test-okta-ci");
    await waitForText("test-result-status", (t) => t === "failed", "the Test did not fail");
    const code = await text("test-result-error");
    check(code === "invalid_client", `error code reads "${code}"`);
    const hint = await text("test-result-hint");
    check(hint.includes("client_secret_basic"), `hint reads "${hint}"`);
    check(!(await byTestId("diagnosis-auth_method").isExisting()), "an accepted method is not blamed");
    const request = await text("test-result-request-body");
    check(/client_secret\s*•+/.test(request), `the client secret is masked in the body: "${request}"`);
    check(!(await browser.getPageSource()).includes(WRONG_SECRET), "the wrong secret is not in the page");
    await testResultShown();
    await screenshotTo("credential-test-failed.png");
    await closeTestResult();

    const posts = endpoint.tokenRequests();
    const last = posts.at(-1);
    check(posts.length === 5, `the endpoint saw ${posts.length} token requests (expected 5)`);
    check(last?.grantType === "client_credentials" && last.clientId === CLIENT_ID, "the last request was a client_credentials grant for the client");
  } finally {
    await endpoint.close();
  }
}

const tests = [
  ["create passphrase, namespace and secret, reveal it, copy it and see the clipboard cleared", createPassphraseRevealSecret],
  [
    "credential: Test succeeds, a refused method is diagnosed and fixed in one click, a changed secret is invalid_client",
    credentialTestSucceedsThenReportsInvalidClient,
  ],
  [
    "access: a service account with use on a namespace, a token copied to the clipboard, then revoked",
    (browser) => accessJourney(browser, { screenshotDir, clearSecs: CLEAR_SECS }),
  ],
  [
    "kv: a pair with a 1-hour TTL keeps its absolute expiry through a value edit, then is deleted",
    (browser) => kvJourney(browser, { screenshotDir }),
  ],
  [
    "secrets: an import with a conflict, a restored version, read-only on and off, a reference copied",
    (browser) => secretsJourney(browser, { screenshotDir }),
  ],
  [
    "expiring soon: a KV pair with a TTL and a failed credential Test listed, the pair opened from its row",
    (browser) => expiringJourney(browser, { screenshotDir }),
  ],
  [
    "namespaces: an empty one deleted plainly, one with contents only after its name is typed, prod2 untouched",
    namespaceJourney,
  ],
  [
    "search and audit: Ctrl+K opens a secret and a KV key by name, the audit log filtered to reveals, a new tenant",
    (browser) => auditSearchJourney(browser, { screenshotDir, canary: CANARY }),
  ],
  [
    "credential types: a custom type built with its preview, a credential of it, its delete refused while used",
    (browser) => credentialTypesJourney(browser, { screenshotDir }),
  ],
  // Settings stays last: it locks the app and changes the passphrase.
  [
    "settings: recovery key shown once, passphrase change, data-key rotation, the app's HTTP API, lock and unlock",
    (browser) =>
      settingsJourney(browser, { screenshotDir, clearSecs: CLEAR_SECS, passphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE }),
  ],
];

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
  retryStaleLookups(browser);
  for (const [name, run] of tests) {
    // Each test continues in the app state the previous one left: after a failure the rest cannot run.
    if (failed > 0) {
      console.log(`skipped after a failure: ${name}`);
      failed += 1;
      continue;
    }
    console.log(name);
    const testStarted = Date.now();
    try {
      await run(browser);
      passed += 1;
      console.log(`ok (${((Date.now() - testStarted) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      console.error(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const failureShot = process.env.KEYSTEAD_E2E_FAILURE_SCREENSHOT;
      if (failureShot !== undefined) {
        await saveScreenshot(browser, failureShot).catch(() => undefined);
        console.error(`failure screenshot: ${failureShot}`);
      }
    }
  }
} catch (error) {
  // The session did not start (or broke outside a test): every test that did not pass failed.
  failed = tests.length - passed;
  console.error(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const failureShot = process.env.KEYSTEAD_E2E_FAILURE_SCREENSHOT;
  if (failureShot !== undefined && browser !== undefined) {
    await saveScreenshot(browser, failureShot).catch(() => undefined);
    console.error(`failure screenshot: ${failureShot}`);
  }
} finally {
  await browser?.deleteSession().catch(() => undefined);
}
// A second app, in a session of its own: the window follows a dark desktop theme.
const dark = "theme: a second app started under a dark GTK theme opens dark";
if (failed > 0) {
  console.log(`skipped after a failure: ${dark}`);
  failed += 1;
} else {
  console.log(dark);
  const testStarted = Date.now();
  try {
    await darkThemeJourney({ port, application, screenshotDir });
    passed += 1;
    console.log(`ok (${((Date.now() - testStarted) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.error(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
