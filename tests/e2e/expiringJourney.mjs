// Expiring soon in the built app: a KV pair with a one-hour TTL and the credential whose last Test failed
// (invalid_client, in the credential journey) are listed with the time left; the KV row opens the pair's
// namespace on its KV tab. Runs after the secrets journey (unlocked; company.team holds the KV pair
// checkpoint, which never expires); leaves the pair lease behind and company.team's KV tab open.
import { check, driving, step, TIMEOUT } from "./session.mjs";

const NAMESPACE = "company.team";

export async function expiringJourney(browser, { screenshotDir }) {
  const ui = driving(browser, screenshotDir);
  const { byTestId, text, waitForText, click, overlaysGone, pickLabel } = ui;

  step(`create lease = 1 in ${NAMESPACE} with a TTL of 1 hour`);
  await overlaysGone();
  await click(`namespace-node-${NAMESPACE}`);
  await click("tab-kv");
  await click("new-kv-button");
  await byTestId("kv-key-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").setValue("lease");
  await byTestId("kv-value-input").setValue("1");
  await click("kv-expiry-ttl");
  await pickLabel("1 hour");
  await click("kv-submit");
  await byTestId("kv-row-lease").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();

  step("Expiring soon lists the pair with the time left, and the credential whose last Test failed");
  await click("nav-expiring");
  await byTestId("expiring-title").waitForDisplayed({ timeout: TIMEOUT });
  const lease = `expiring-row-kv-${NAMESPACE}-lease`;
  await byTestId(lease).waitForDisplayed({ timeout: TIMEOUT });
  const row = await text(lease);
  check(/in (1 h|59 min)/.test(row), `the lease row reads "${row}"`);
  const failed = await text(`expiring-row-credential-${NAMESPACE}-okta-ci`);
  check(failed.includes("last Test failed: invalid_client"), `the credential row reads "${failed}"`);
  check(!(await byTestId(`expiring-row-kv-${NAMESPACE}-checkpoint`).isExisting()), "a pair without a TTL is not listed");
  // The timeline needs a chart library that cannot initialise under the app's frozen built-in
  // prototypes (tauri.conf.json freezePrototype); the view then says so and keeps the table.
  await browser.waitUntil(
    async () => (await byTestId("expiring-chart").isExisting()) || (await byTestId("expiring-chart-unavailable").isExisting()),
    { timeout: TIMEOUT, timeoutMsg: "neither the timeline nor the note that it is unavailable" },
  );
  step((await byTestId("expiring-chart").isExisting()) ? "the timeline is drawn" : "the timeline is unavailable here: the table stands alone");
  await waitForText("expiring-count", (t) => /\d+ items?, \d+ overdue/.test(t), "no item count under the table");
  await ui.dismissToasts();
  await ui.screenshotTo("expiring.png");

  step("the KV row, focused and Enter pressed, opens the pair's namespace on its KV tab");
  // WebKitWebDriver cannot locate a table row to click it; the keyboard path is the one to check anyway.
  await browser.execute((id) => document.querySelector(`[data-testid="${id}"]`)?.focus(), lease);
  await browser.keys("Enter");
  await byTestId("kv-row-lease").waitForDisplayed({ timeout: TIMEOUT });
  check((await byTestId("tab-kv").getAttribute("aria-selected")) === "true", "the KV tab is selected");
}
