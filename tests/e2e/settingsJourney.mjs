// Settings in the built app: the recovery key shown once and copied through the host, a passphrase
// change, a data-key rotation, the app's own HTTP API answering on loopback, then Lock and unlock with
// the new passphrase. Continues where the access journey left the app (unlocked, passphrase mode, no
// recovery key: the first-run prompt was answered with Later).
import { check, driving, readClipboard, step, TIMEOUT } from "./session.mjs";

const RECOVERY_KEY_SHAPE = /^KSR(-[A-Z2-7]{4}){13}$/;

/** The status of GET url, or the failure's code when nothing answers. */
async function statusOf(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return error?.cause?.code ?? String(error);
  }
}

export async function settingsJourney(browser, { screenshotDir, clearSecs, passphrase, newPassphrase }) {
  const ui = driving(browser, screenshotDir);
  const { atMinimumSize, noSidewaysScroll, byTestId, text, waitForText, click, overlaysGone, pickLabel, toggleSwitch } = ui;
  // The tabs sit under the fixed header once the Keys page has scrolled: WebDriver's own scroll-to-click
  // leaves them there, so the page goes back to the top first.
  const openTab = async (id) => {
    await browser.execute(() => window.scrollTo(0, 0));
    await click(id);
  };

  step("open Settings: passphrase mode, and a warning that there is no recovery key");
  await overlaysGone();
  await click("nav-settings");
  await byTestId("settings-title").waitForDisplayed({ timeout: TIMEOUT });
  await waitForText("key-mode", (t) => t === "Passphrase", "the key mode is not Passphrase");
  await byTestId("no-recovery-key").waitForDisplayed({ timeout: TIMEOUT });
  const dataKey = await text("data-key-main");
  check(dataKey.startsWith("main: version 1,"), `main has data key version 1: "${dataKey}"`);

  step("create the recovery key: shown once, copied through the host, gone after the acknowledgement");
  await click("create-recovery-key");
  await byTestId("recovery-key-panel").waitForDisplayed({ timeout: TIMEOUT });
  const recoveryKey = await byTestId("recovery-key-value").getValue();
  check(RECOVERY_KEY_SHAPE.test(recoveryKey), `the panel shows a recovery key shaped KSR-XXXX-… (got ${recoveryKey.length} chars)`);
  check(!(await byTestId("recovery-key-done").isEnabled()), "Done waits for the acknowledgement");
  await click("recovery-key-copy");
  await waitForText("recovery-key-receipt", (t) => t.includes(`cleared in ${clearSecs} s`), "no copy receipt");
  const onClipboard = readClipboard();
  check(onClipboard === recoveryKey, `the X11 clipboard holds exactly the recovery key (got ${onClipboard?.length ?? "no"} chars)`);
  if (clearSecs <= 10) {
    await browser.waitUntil(async () => readClipboard() !== recoveryKey, {
      timeout: (clearSecs + 10) * 1000,
      interval: 250,
      timeoutMsg: `the clipboard still holds the recovery key ${clearSecs + 10} s after the copy`,
    });
  }
  await browser.keys("Escape");
  check(await byTestId("recovery-key-panel").isDisplayed(), "Escape does not close the panel");
  await pickLabel("I have stored the recovery key somewhere safe");
  await click("recovery-key-done");
  await byTestId("recovery-key-panel").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check(!(await browser.getPageSource()).includes(recoveryKey), "the page no longer contains the recovery key");
  await waitForText("recovery-key-created-at", (t) => t.startsWith("created "), "the status does not show the recovery key");
  check(!(await byTestId("no-recovery-key").isExisting()), "the missing-key warning is gone");

  step("change the passphrase (Argon2id: the button says so while it works)");
  await click("change-passphrase");
  await byTestId("new-passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("new-passphrase-input").setValue(newPassphrase);
  await byTestId("new-passphrase-confirm-input").setValue(newPassphrase);
  const level = await byTestId("new-passphrase-strength").getAttribute("data-level");
  check(level === "strong", `the strength hint rates the new passphrase "${level}"`);
  await click("passphrase-change-submit");
  await byTestId("new-passphrase-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await waitForText("passphrase-changed-at", (t) => !t.startsWith("never"), "the passphrase change date did not appear");

  step("rotate the data keys: every value re-sealed, main at data key version 2");
  await click("rotate-data-keys");
  await click("rotate-data-keys-confirm");
  await byTestId("rotate-data-keys-result").waitForDisplayed({ timeout: TIMEOUT });
  const rotated = await text("rotate-data-keys-result");
  // main and acme (created by the search and audit journey).
  check(/\d+ values? in 2 tenants re-sealed in \d+ ms/.test(rotated), `the result says what was done: "${rotated}"`);
  await click("rotate-data-keys-close");
  await byTestId("rotate-data-keys-result").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await waitForText("data-key-main", (t) => t.startsWith("main: version 2,"), "main's data key is not at version 2");

  await ui.dismissToasts();
  await ui.screenshotTo("settings-keys.png");

  step("serve the HTTP API from the app: health answers 200 on loopback, other routes want a token");
  await openTab("tab-settings-api");
  await byTestId("api-server-stopped").waitForDisplayed({ timeout: TIMEOUT });
  await toggleSwitch("api-server-switch");
  await byTestId("api-server-url").waitForDisplayed({ timeout: TIMEOUT });
  const url = await byTestId("api-server-url").getValue();
  check(/^http:\/\/127\.0\.0\.1:\d+$/.test(url), `the address is loopback: "${url}"`);
  check((await text("api-server-docs")) === `${url}/api/docs`, "the API reference address is shown");
  const health = await statusOf(`${url}/api/v1/health`);
  check(health === 200, `GET ${url}/api/v1/health answered ${health}`);
  const unauthenticated = await statusOf(`${url}/api/v1/main/namespaces`);
  check(unauthenticated === 401, `a route without a token answered ${unauthenticated}`);
  await ui.screenshotTo("settings-http-api.png");
  await click("api-server-copy");
  await waitForText("api-server-copy", (t) => t === "Copied", "Copy did not confirm the copy");
  check(readClipboard() === url, "the X11 clipboard holds the address");

  step("Stop: the port no longer answers");
  await click("api-server-stop");
  await byTestId("api-server-stopped").waitForDisplayed({ timeout: TIMEOUT });
  const stopped = await statusOf(`${url}/api/v1/health`);
  check(stopped !== 200, `after Stop, health answered ${stopped}`);

  step("at the 800×500 minimum window, Settings does not scroll sideways");
  await atMinimumSize(async () => {
    for (const tab of ["tab-settings-keys", "tab-settings-locking", "tab-settings-api"]) {
      await openTab(tab);
      await noSidewaysScroll(tab);
    }
  });

  step("start the API again, then Lock: the unlock screen, and the API stopped with the lock");
  await openTab("tab-settings-api");
  await toggleSwitch("api-server-switch");
  await byTestId("api-server-url").waitForDisplayed({ timeout: TIMEOUT });
  const again = await byTestId("api-server-url").getValue();
  check((await statusOf(`${again}/api/v1/health`)) === 200, "the restarted API answers");
  await click("lock-button");
  await byTestId("passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
  const heading = await browser.$("h2").getText();
  check(heading === "Unlock Keystead", `heading is "${heading}"`);
  await byTestId("locked-notice").waitForDisplayed({ timeout: TIMEOUT });
  check(!(await byTestId("app-title").isExisting()), "the main screen is gone");
  const afterLock = await statusOf(`${again}/api/v1/health`);
  check(afterLock !== 200, `after Lock, the app's API answered ${afterLock}`);

  step("the old passphrase no longer unlocks; the new one does");
  await byTestId("passphrase-input").setValue(passphrase);
  await click("unlock-submit");
  await browser.waitUntil(async () => (await ui.bodyText()).includes("does not unlock the master key"), {
    timeout: TIMEOUT,
    timeoutMsg: "the old passphrase was not refused",
  });
  check(!(await byTestId("app-title").isExisting()), "the old passphrase did not unlock");
  await byTestId("passphrase-input").clearValue();
  await byTestId("passphrase-input").setValue(newPassphrase);
  await click("unlock-submit");
  await byTestId("app-title").waitForDisplayed({ timeout: TIMEOUT });
  check(!(await byTestId("first-run-recovery").isExisting()), "no first-run prompt on a later unlock");
  await click("nav-settings");
  await waitForText("recovery-key-created-at", (t) => t.startsWith("created "), "the recovery key is not listed after unlocking");
}
