// The KV tab in the built app: a number pair with a one-hour TTL, whose absolute expiry survives an edit
// of its value, then deleted behind its confirmation. Continues where the Access journey left the app
// (unlocked, namespace company.team exists and has no KV pairs).
import { check, driving, step, TIMEOUT } from "./session.mjs";

const NAMESPACE = "company.team";
const HOUR_MS = 3_600_000;

export async function kvJourney(browser, { screenshotDir }) {
  const ui = driving(browser, screenshotDir);
  const { atMinimumSize, noSidewaysScroll, byTestId, text, waitForText, click, overlaysGone, pickLabel } = ui;
  const expiryOf = async (key) => ({
    shown: await text(`kv-expires-at-${key}`),
    instant: await byTestId(`kv-expires-at-${key}`).getAttribute("datetime"),
  });

  step(`open ${NAMESPACE}'s KV tab: empty, with the note that sensitive values belong in secrets`);
  await overlaysGone();
  await click(`namespace-node-${NAMESPACE}`);
  await click("tab-kv");
  await byTestId("kv-empty").waitForDisplayed({ timeout: TIMEOUT });
  const note = await text("kv-sensitive-note");
  check(note.includes("belong in Secrets"), `the KV tab says where sensitive values go: "${note}"`);

  step("create cursor = 42 (number) with a TTL of 1 hour: the form shows the time it will mean");
  await click("new-kv-button");
  await byTestId("kv-key-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").setValue("cursor");
  await byTestId("kv-type-select").selectByVisibleText("number");
  await byTestId("kv-value-input").setValue("42");
  await byTestId("kv-description-input").setValue("offset of the e2e topic");
  await click("kv-expiry-ttl");
  await pickLabel("1 hour");
  await waitForText("kv-ttl-preview", (t) => /^expires about .+ \(in (1 h|59 min)/.test(t), "no absolute time for the TTL");
  const created = Date.now();
  await click("kv-submit");
  await byTestId("kv-row-cursor").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();

  step("the row shows the type, the value, an absolute expiry an hour away and a running countdown");
  check((await text("kv-type-cursor")) === "number", "the type column says number");
  check((await text("kv-preview-cursor")) === "42", "the value column says 42");
  const before = await expiryOf("cursor");
  const offset = Date.parse(before.instant) - created;
  check(Math.abs(offset - HOUR_MS) < 60_000, `the expiry ${before.instant} is an hour after the save (off by ${offset - HOUR_MS} ms)`);
  check(before.shown.length > 0 && before.shown !== before.instant, `the absolute expiry is shown in local time: "${before.shown}"`);
  const first = await text("kv-countdown-cursor");
  check(/^in (1 h|59 min)/.test(first), `the countdown reads "${first}"`);
  await browser.waitUntil(async () => (await text("kv-countdown-cursor")) !== first, {
    timeout: 5_000,
    timeoutMsg: "the countdown did not move",
  });

  step("edit the value to 43: the expiry control starts on keep, and says what it keeps");
  await click("edit-kv-cursor");
  await browser.waitUntil(async () => (await byTestId("kv-value-input").getValue()) === "42", {
    timeout: TIMEOUT,
    timeoutMsg: "the edit form did not load the value",
  });
  check(await byTestId("kv-expiry-keep").isSelected(), "keep is chosen by default");
  const keep = await browser.execute(() => document.querySelector('[data-testid="kv-expiry-keep"]')?.labels?.[0]?.textContent ?? "");
  check(keep.startsWith(`Keep: expires ${before.shown} (in `), `the keep choice reads "${keep}"`);
  await byTestId("kv-value-input").clearValue();
  await byTestId("kv-value-input").setValue("43");
  await click("kv-submit");
  await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await waitForText("kv-preview-cursor", (t) => t === "43", "the row did not show the new value");
  await waitForText("kv-facts-cursor", (t) => /\bv2\b/.test(t), "the row did not show version 2");

  step("the absolute expiry is exactly what it was before the edit");
  const after = await expiryOf("cursor");
  check(after.instant === before.instant, `expires_at moved from ${before.instant} to ${after.instant}`);
  check(after.shown === before.shown, `the shown expiry changed from "${before.shown}" to "${after.shown}"`);

  step("a JSON pair without expiry, for the screenshot");
  await click("new-kv-button");
  await byTestId("kv-key-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").setValue("checkpoint");
  await byTestId("kv-type-select").selectByVisibleText("json");
  await byTestId("kv-value-input").setValue('{"partition": 3, "offset": 1200}');
  await waitForText("kv-json-status", (t) => t === "Valid JSON", "the JSON editor did not accept the document");
  await click("kv-submit");
  await byTestId("kv-row-checkpoint").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check((await text("kv-expires-at-checkpoint")) === "never", "the JSON pair never expires");

  await ui.dismissToasts();
  await ui.screenshotTo("kv.png");

  step("at the 800×500 minimum window, the KV tab and its edit form do not scroll sideways");
  await atMinimumSize(async () => {
    await noSidewaysScroll("the KV tab");
    await click("edit-kv-cursor");
    await byTestId("kv-value-input").waitForDisplayed({ timeout: TIMEOUT });
    await click("kv-expiry-ttl");
    await noSidewaysScroll("the KV edit form with the TTL presets open");
    await browser.keys("Escape");
    await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();
  });

  step("delete cursor behind its confirmation");
  await click("kv-actions-cursor");
  await click("delete-kv-cursor");
  await waitForText("kv-delete-question", (t) => t.startsWith(`Delete cursor from ${NAMESPACE}?`), "no delete confirmation");
  check(await byTestId("kv-row-cursor").isExisting(), "nothing is deleted before the confirmation");
  await click("kv-delete-confirm");
  await byTestId("kv-row-cursor").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check(await byTestId("kv-row-checkpoint").isExisting(), "the other pair stays");
}
