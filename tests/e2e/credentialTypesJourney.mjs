// Custom credential types in the built app: a type built in the editor, its preview showing the
// credential form it generates, a credential of it created in company.team with a secret made inline,
// and the type's delete refused while that credential uses it. Continues where the search and audit
// journey left the app (unlocked, tenant main, company.team exists).
import { check, driving, step, TIMEOUT } from "./session.mjs";

const NAMESPACE = "company.team";

export async function credentialTypesJourney(browser, { screenshotDir }) {
  const ui = driving(browser, screenshotDir);
  const { byTestId, text, waitForText, click, overlaysGone, pickOption, dismissToasts, screenshotTo } = ui;
  const inPreview = (id) => browser.$(`[data-testid="type-preview"] [data-testid="${id}"]`);

  step("open Credential types: built-in types are marked and cannot be deleted");
  await overlaysGone();
  await click("nav-credential-types");
  await byTestId("credential-types-table").waitForDisplayed({ timeout: TIMEOUT });
  check(
    (await text("credential-type-builtin-oauth2_client_credentials")) === "built-in",
    "oauth2_client_credentials is marked built-in",
  );
  check(!(await byTestId("credential-type-delete-aws").isExisting()), "a built-in type offers no Delete");

  step("build vault_approle: role_id (required) and secret_id (sensitive); the preview follows");
  await click("new-credential-type-button");
  await byTestId("type-id-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("type-id-input").setValue("vault_approle");
  await byTestId("type-label-input").setValue("Vault AppRole");
  await byTestId("type-description-input").setValue("HashiCorp Vault AppRole login");
  await byTestId("type-input-0-id").setValue("role_id");
  await byTestId("type-input-0-label").setValue("Role ID");
  await click("type-input-0-required");
  await inPreview("field-role_id").waitForDisplayed({ timeout: TIMEOUT });
  await click("type-add-input");
  await byTestId("type-input-1-id").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("type-input-1-id").setValue("secret_id");
  await byTestId("type-input-1-label").setValue("Secret ID");
  await click("type-input-1-secret");
  await inPreview("secret-picker-secret_id").waitForDisplayed({ timeout: TIMEOUT });
  check(await inPreview("field-role_id").getProperty("required"), "the preview marks role_id required");
  await screenshotTo("credential-type-editor.png");

  step("create it: it is listed as custom");
  await click("type-save");
  await byTestId("credential-type-row-vault_approle").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("type-editor-form").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await dismissToasts();

  step(`create credential approle of it in ${NAMESPACE}, its secret made inline`);
  await click(`namespace-node-${NAMESPACE}`);
  await click("tab-credentials");
  await click("new-credential-button");
  await byTestId("credential-name-input").waitForDisplayed({ timeout: TIMEOUT });
  await pickOption("credential-type-select", "Vault AppRole");
  await byTestId("field-role_id").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("credential-name-input").setValue("approle");
  await byTestId("field-role_id").setValue("r-e2e-1");
  await click("secret-create-secret_id");
  await byTestId("secret-create-key-secret_id").setValue("APPROLE_SECRET");
  await byTestId("secret-create-value-secret_id").setValue("approle-secret-value");
  await click("secret-create-save-secret_id");
  await byTestId("secret-creator-secret_id").waitForExist({ timeout: TIMEOUT, reverse: true });
  await click("credential-submit");
  await byTestId("credential-row-approle").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("credential-form").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await dismissToasts();

  step("deleting the type is refused, naming the credential that uses it");
  await click("nav-credential-types");
  await click("credential-type-delete-vault_approle");
  await click("type-delete-confirm");
  await waitForText("type-delete-error", (t) => t.includes(`${NAMESPACE}/approle`), "the refusal does not name the credential");
  check((await byTestId("type-delete-error").getAttribute("data-code")) === "conflict", "the refusal is a conflict");
  await browser.keys("Escape");
  await byTestId("type-delete-confirm").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check(await byTestId("credential-type-row-vault_approle").isDisplayed(), "the type is still listed");
}
