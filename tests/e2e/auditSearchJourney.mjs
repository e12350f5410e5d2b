// Search, the audit log and tenants in the built app: Ctrl+K finds a secret by name (never its value)
// and opens its namespace, then a KV key; the audit log filtered to reveals opens an event's detail; a
// new tenant is created and switched to and back. Continues where the KV journey left the app (unlocked,
// company.team holds API_KEY, revealed and copied by the first journey, and the KV pair checkpoint).
import { Key } from "webdriverio";

import { check, driving, step, TIMEOUT } from "./session.mjs";

const NAMESPACE = "company.team";

export async function auditSearchJourney(browser, { screenshotDir, canary }) {
  const ui = driving(browser, screenshotDir);
  const { byTestId, text, waitForText, click, overlaysGone, dismissToasts, screenshotTo } = ui;
  // The switcher's label, without the ▾ of its menu.
  const tenantShown = async () => (await text("tenant-switcher").catch(() => "")).replace("▾", "").trim();
  const waitForTenant = (id) =>
    browser.waitUntil(async () => (await tenantShown()) === `tenant: ${id}`, {
      timeout: TIMEOUT,
      timeoutMsg: `the header did not switch to ${id}`,
    });
  const openPalette = async () => {
    await browser.keys([Key.Ctrl, "k"]);
    await byTestId("palette-input").waitForDisplayed({ timeout: TIMEOUT });
  };
  const searchAndOpen = async (query, resultId) => {
    await openPalette();
    await byTestId("palette-input").setValue(query);
    await byTestId(resultId).waitForDisplayed({ timeout: TIMEOUT });
    const results = await browser.$$('[data-testid^="palette-result-"]');
    check(results.length === 1, `"${query}" finds one name, not ${results.length}`);
    check(!(await browser.getPageSource()).includes(canary), "the palette does not hold the secret's value");
    await browser.keys(["ArrowDown", "Enter"]);
    await byTestId("palette-input").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();
  };

  step("from the Access area, Ctrl+K and API_K find the secret API_KEY; Enter opens its namespace's Secrets tab");
  await overlaysGone();
  await click("nav-access");
  await byTestId("access-title").waitForDisplayed({ timeout: TIMEOUT });
  await searchAndOpen("API_K", `palette-result-secret-${NAMESPACE}-API_KEY`);
  await waitForText("secrets-title", (t) => t === `Secrets in ${NAMESPACE}`, `the Secrets tab of ${NAMESPACE} did not open`);
  await byTestId("secret-row-API_KEY").waitForDisplayed({ timeout: TIMEOUT });
  check((await byTestId("tab-secrets").getAttribute("aria-selected")) === "true", "the Secrets tab is selected");

  step("the header's Search button opens the same palette; checkpoint opens the KV tab");
  await click("search-button");
  await byTestId("palette-input").waitForDisplayed({ timeout: TIMEOUT });
  await browser.keys("Escape");
  await byTestId("palette-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await searchAndOpen("checkpoint", `palette-result-kv-${NAMESPACE}-checkpoint`);
  await byTestId("kv-row-checkpoint").waitForDisplayed({ timeout: TIMEOUT });

  step("open the audit log: newest first, every event of the tenant");
  await click("nav-audit");
  await byTestId("audit-table").waitForDisplayed({ timeout: TIMEOUT });
  // WebdriverIO's $$ answers a chainable list: its map resolves to an array.
  const idsOf = () => browser.$$('[data-testid^="audit-row-"]').map(async (row) => Number((await row.getAttribute("data-testid")).slice(10)));
  const all = await idsOf();
  check(all.length > 5, `the log lists the earlier journeys' events (${all.length})`);
  check(all.every((id, index) => index === 0 || id < all[index - 1]), "events are newest first");

  step("filter by action secret.reveal and target API_KEY: only that secret's reveals are listed");
  await byTestId("audit-filter-action").setValue("secret.reveal");
  // The secrets journey revealed another key since: the target narrows the list to API_KEY's.
  await byTestId("audit-filter-target").setValue("API_KEY");
  // Closes the suggestions under the field before Apply is clicked.
  await click("audit-title");
  await click("audit-filter-apply");
  await browser.waitUntil(
    async () => {
      const actions = await browser.$$('[data-testid^="audit-row-"]').map((row) => row.getAttribute("data-action"));
      return actions.length > 0 && actions.every((action) => action === "secret.reveal");
    },
    { timeout: TIMEOUT, timeoutMsg: "the list did not narrow to secret.reveal" },
  );
  const reveals = await idsOf();
  check(reveals.length >= 2, `the reveal and the copy are both audited (${reveals.length} reveals)`);

  step("open the newest reveal's detail: every field, never the value");
  await click(`open-audit-event-${reveals[0]}`);
  await byTestId("audit-event-fields").waitForDisplayed({ timeout: TIMEOUT });
  check((await text("audit-field-action")) === "secret.reveal", "the drawer shows the action");
  check((await text("audit-field-target")) === "API_KEY", `the target is API_KEY: "${await text("audit-field-target")}"`);
  check((await text("audit-field-namespace")) === NAMESPACE, "the drawer shows the namespace");
  check((await text("audit-field-id")) === String(reveals[0]), "the drawer shows the event's id");
  check((await text("audit-field-actor")).length > 0, "the drawer shows the actor");
  check(!(await browser.getPageSource()).includes(canary), "the audit log does not hold the secret's value");
  await dismissToasts();
  await screenshotTo("audit.png");
  await browser.keys("Escape");
  await byTestId("audit-event-fields").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();

  step("create tenant acme from the header: the app switches to it, empty; switching back shows main's namespaces");
  await click("tenant-switcher");
  await click("new-tenant-button");
  await byTestId("tenant-id-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("tenant-id-input").setValue("acme");
  await click("tenant-submit");
  await waitForTenant("acme");
  await byTestId("tenant-id-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check(!(await byTestId(`namespace-node-${NAMESPACE}`).isExisting()), "acme has none of main's namespaces");
  await click("tenant-switcher");
  await click("tenant-option-main");
  await waitForTenant("main");
  await byTestId(`namespace-node-${NAMESPACE}`).waitForDisplayed({ timeout: TIMEOUT });
}
