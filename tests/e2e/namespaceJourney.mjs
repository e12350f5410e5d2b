// Deleting namespaces in the built app: an empty one after a plain confirmation; one the tree shows
// children for only after its name is typed (its neighbour prod2 keeps its secret); and one holding
// only a KV pair, which the core refuses to delete plainly, naming what it holds. Continues where the
// KV journey left the app (unlocked, company.team open).
import { check, driving, step, TIMEOUT } from "./session.mjs";

export async function namespaceJourney(browser) {
  const ui = driving(browser);
  const { byTestId, text, waitForText, bodyText, click, overlaysGone } = ui;

  const createNamespace = async (id) => {
    await overlaysGone();
    await click("new-namespace-button");
    await byTestId("namespace-input").waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("namespace-input").setValue(id);
    await click("namespace-submit");
    await byTestId(`namespace-node-${id}`).waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("namespace-input").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();
  };
  const createSecret = async (key, value) => {
    await click("tab-secrets");
    await click("new-secret-button");
    await byTestId("secret-key-input").waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("secret-key-input").setValue(key);
    await byTestId("secret-value-input").setValue(value);
    await click("secret-submit");
    await byTestId(`secret-row-${key}`).waitForDisplayed({ timeout: TIMEOUT });
    await byTestId("secret-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();
  };
  const notified = (words) =>
    browser.waitUntil(async () => (await bodyText()).includes(words), { timeout: TIMEOUT, timeoutMsg: `no "${words}" notification` });
  const gone = (id) => byTestId(`namespace-node-${id}`).waitForExist({ timeout: TIMEOUT, reverse: true });

  step("an empty namespace goes after a plain confirmation, and its open panel closes");
  await createNamespace("scratch");
  await byTestId("tab-secrets").waitForDisplayed({ timeout: TIMEOUT });
  await click("namespace-actions-scratch");
  await click("namespace-delete-scratch");
  await waitForText("namespace-delete-question", (t) => t === "Delete the empty namespace scratch?", "no plain confirmation");
  check(!(await byTestId("namespace-delete-typed").isExisting()), "an empty namespace needs no typed name");
  await click("namespace-delete-confirm");
  await gone("scratch");
  await notified("Deleted scratch");
  await byTestId("tab-secrets").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();

  step("prod.eng holds a secret and prod2 beside it another; Delete on prod's tree item asks for its name");
  await createNamespace("prod.eng");
  await createSecret("DB_PASS", "prod-eng-value");
  await createNamespace("prod2");
  await createSecret("DB_PASS", "prod2-value");
  await click("namespace-node-prod.eng");
  await byTestId("tab-secrets").waitForDisplayed({ timeout: TIMEOUT });
  // From the keyboard: Up goes from prod.eng to prod, Delete offers to delete it. (WebKit does not focus a button
  // on click: focus is put on the item as Tab would.)
  await browser.execute(() => document.querySelector('[data-testid="namespace-node-prod.eng"]')?.focus());
  await browser.keys("ArrowUp");
  check(
    await browser.execute(() => document.activeElement?.getAttribute("data-testid") === "namespace-node-prod"),
    "ArrowUp moved focus from prod.eng to prod",
  );
  await browser.keys("Delete");
  await waitForText("namespace-delete-holdings", (t) => t === "prod holds child namespace prod.eng.", "no holdings for prod");
  check(!(await byTestId("namespace-delete-confirm").isEnabled()), "Delete everything waits for the typed name");
  await byTestId("namespace-delete-typed").setValue("prod2");
  check(!(await byTestId("namespace-delete-confirm").isEnabled()), "another namespace's name does not confirm");
  await byTestId("namespace-delete-typed").clearValue();
  await byTestId("namespace-delete-typed").setValue("prod");
  await click("namespace-delete-confirm");
  await gone("prod");
  await gone("prod.eng");
  await notified("Deleted prod: 1 secret");
  await overlaysGone();

  step("prod2 is untouched: its secret is still listed");
  await click("namespace-node-prod2");
  await click("tab-secrets");
  await byTestId("secret-row-DB_PASS").waitForDisplayed({ timeout: TIMEOUT });
  check((await text("secrets-title")) === "Secrets in prod2", "prod2's secrets are shown");

  step("staging holds only a KV pair: the core refuses a plain delete and says so, then the name confirms");
  await createNamespace("staging");
  await click("tab-kv");
  await click("new-kv-button");
  await byTestId("kv-key-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").setValue("cursor");
  await byTestId("kv-value-input").setValue("7");
  await click("kv-submit");
  await byTestId("kv-row-cursor").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("kv-key-input").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await click("namespace-actions-staging");
  await click("namespace-delete-staging");
  await waitForText("namespace-delete-question", (t) => t.includes("staging"), "no plain confirmation for staging");
  await click("namespace-delete-confirm");
  await waitForText("namespace-delete-holdings", (t) => t.includes("1 KV pair"), "the core's refusal does not name the KV pair");
  check(await byTestId("namespace-node-staging").isExisting(), "nothing is deleted on the refusal");
  await byTestId("namespace-delete-typed").setValue("staging");
  await click("namespace-delete-confirm");
  await gone("staging");
  await notified("Deleted staging: 0 secrets, 0 credentials, 1 KV pair");
  await overlaysGone();
  await ui.dismissToasts();
}
