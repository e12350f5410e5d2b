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
  // The window's built-in prototypes are frozen (tauri.conf.json freezePrototype): the chart library
  // must initialise and paint under them, not fall back to the note that keeps only the table.
  await browser.waitUntil(async () => (await byTestId("expiring-chart").getAttribute("data-drawn")) === "true", {
    timeout: TIMEOUT,
    timeoutMsg: "the timeline was not drawn",
  });
  // One point per listed item (the axes, legend and the line at now alone would paint pixels too).
  const points = Number(await byTestId("expiring-chart").getAttribute("data-points"));
  const listed = (await browser.$$('[data-testid^="expiring-row-"]')).length;
  check(points === listed && listed >= 2, `the timeline has ${points} points for ${listed} listed items`);
  check(!(await byTestId("expiring-chart-unavailable").isExisting()), "the timeline did not fall back to its note");
  const painted = await browser.execute(() => {
    const canvas = document.querySelector('[data-testid="expiring-chart-canvas"]');
    const pixels = canvas?.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let opaque = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) opaque += 1;
    return opaque;
  });
  check(painted > 500, `the timeline painted ${painted} pixels`);
  step(`the timeline is drawn: ${points} points, ${painted} pixels painted`);
  const clipped = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="expiring-table"] .mantine-Badge-label')]
      .filter((label) => label.scrollWidth > label.clientWidth)
      .map((label) => label.textContent),
  );
  check(clipped.length === 0, `kind badges are clipped: ${clipped.join(", ")}`);
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
