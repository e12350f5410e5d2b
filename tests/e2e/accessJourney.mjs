// The Access area in the built app: a service account, a role binding, an API token shown once and
// copied through the host's clipboard, then revoked. Continues where the credential journey left the
// app (unlocked, namespace company.team exists).
import { check, driving, readClipboard, step, TIMEOUT } from "./session.mjs";

const ACCOUNT = "ci-deployer";
const NAMESPACE = "company.team";
const TOKEN_SHAPE = /^kst_[0-9A-Za-z]{36}$/;

export async function accessJourney(browser, { screenshotDir, clearSecs }) {
  const ui = driving(browser, screenshotDir);
  const { atMinimumSize, noSidewaysScroll, byTestId, text, waitForText, click, overlaysGone, pickOption, pickLabel, toggleSwitch } = ui;

  step("open Access from the navigation");
  await overlaysGone();
  await click("nav-access");
  await byTestId("access-title").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("principals-empty").waitForDisplayed({ timeout: TIMEOUT });

  step(`create the service account ${ACCOUNT}: the form opens it`);
  await click("new-principal-button");
  await byTestId("principal-name-input").waitForDisplayed({ timeout: TIMEOUT });
  await byTestId("principal-name-input").setValue(ACCOUNT);
  await byTestId("principal-description-input").setValue("Deploys from CI, end-to-end test");
  await click("principal-submit");
  await byTestId(`principal-view-${ACCOUNT}`).waitForDisplayed({ timeout: TIMEOUT });
  await overlaysGone();
  check((await text("principal-title")) === ACCOUNT, "the new account's page is open");
  await byTestId("bindings-empty").waitForDisplayed({ timeout: TIMEOUT });

  step(`grant use on ${NAMESPACE}: the binding and the effective right appear`);
  await pickOption("grant-role-select", "use");
  await pickOption("grant-scope-select", NAMESPACE);
  await click("grant-submit");
  await byTestId(`binding-use-namespace:${NAMESPACE}`).waitForDisplayed({ timeout: TIMEOUT });
  await waitForText(
    `effective-namespace:${NAMESPACE}`,
    (t) => t.startsWith(NAMESPACE) && t.includes(`use on ${NAMESPACE}`),
    `no effective use on ${NAMESPACE}`,
  );

  step(`${NAMESPACE}'s Access tab lists ${ACCOUNT}`);
  await click(`namespace-node-${NAMESPACE}`);
  await click("tab-namespace-access");
  await byTestId(`namespace-access-${ACCOUNT}-use`).waitForDisplayed({ timeout: TIMEOUT });

  step("API tokens: a 30-day token for the account, narrowed to use on the namespace");
  await click("nav-access");
  await click("tab-tokens");
  await byTestId("tokens-empty").waitForDisplayed({ timeout: TIMEOUT });
  await click("new-token-button");
  await pickOption("token-owner-select", `${ACCOUNT} (service account)`);
  await byTestId("token-name-input").setValue("e2e deploy");
  await pickLabel("30 days");
  await click("token-narrow-checkbox");
  await pickOption("token-narrow-role", "use");
  await pickOption("token-narrow-scope", NAMESPACE);
  await click("token-submit");

  step("the show-once panel holds the token; Copy puts exactly it on the OS clipboard");
  await byTestId("issued-token-panel").waitForDisplayed({ timeout: TIMEOUT });
  const token = await byTestId("issued-token-value").getValue();
  check(TOKEN_SHAPE.test(token), `the panel shows a token shaped like kst_ + 36 base62 (got ${token.length} chars)`);
  const warning = await text("issued-token-warning");
  check(warning.includes("it will not be shown again"), `the panel warns it is shown once: "${warning}"`);
  await click("issued-token-copy");
  await waitForText("issued-token-receipt", (t) => t.includes(`cleared in ${clearSecs} s`), "no copy receipt");
  const onClipboard = readClipboard();
  check(onClipboard === token, `the X11 clipboard holds exactly the token (got ${onClipboard?.length ?? "no"} chars)`);
  if (clearSecs <= 10) {
    step(`the clipboard is emptied after ${clearSecs} s`);
    await browser.waitUntil(async () => readClipboard() !== token, {
      timeout: (clearSecs + 10) * 1000,
      interval: 250,
      timeoutMsg: `the clipboard still holds the token ${clearSecs + 10} s after the copy`,
    });
  }

  step("closing the panel drops the token: it is nowhere in the page");
  await click("issued-token-close");
  await byTestId("issued-token-panel").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  check(!(await browser.getPageSource()).includes(token), "the page no longer contains the token");
  const id = token.slice("kst_".length, "kst_".length + 8);
  await byTestId(`token-row-${id}`).waitForDisplayed({ timeout: TIMEOUT });
  const prefix = await text(`token-prefix-${id}`);
  check(prefix === `kst_${id}…`, `the list shows the prefix only: "${prefix}"`);
  check(!(await byTestId(`token-expires-soon-${id}`).isExisting()), "a 30-day token is not flagged");

  step("a second token, 7 days with extended expiry: flagged as expiring within 7 days");
  await click("new-token-button");
  await pickOption("token-owner-select", `${ACCOUNT} (service account)`);
  await byTestId("token-name-input").setValue("nightly sync");
  await pickLabel("7 days");
  await toggleSwitch("token-extended-switch");
  await click("token-submit");
  await byTestId("issued-token-panel").waitForDisplayed({ timeout: TIMEOUT });
  const second = (await byTestId("issued-token-value").getValue()).slice("kst_".length, "kst_".length + 8);
  await click("issued-token-close");
  await byTestId("issued-token-panel").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await byTestId(`token-expires-soon-${second}`).waitForDisplayed({ timeout: TIMEOUT });
  const settings = await text(`token-settings-${second}`);
  check(settings.includes("extended"), `the list says the token is extended: "${settings}"`);

  step("revoke the first token behind its confirmation: it is marked revoked");
  await click(`revoke-token-${id}`);
  await byTestId("revoke-token-question").waitForDisplayed({ timeout: TIMEOUT });
  await click("revoke-token-confirm");
  await byTestId(`token-revoked-${id}`).waitForDisplayed({ timeout: TIMEOUT });
  await overlaysGone();
  const state = await byTestId(`token-row-${id}`).getAttribute("data-state");
  check(state === "revoked", `the row's state is "${state}"`);
  check(!(await byTestId(`revoke-token-${id}`).isExisting()), "a revoked token offers no Revoke");

  await ui.dismissToasts();
  await ui.screenshotTo("access-tokens.png");

  step("at the 800×500 minimum window, the Access screens do not scroll sideways");
  await atMinimumSize(async () => {
    await noSidewaysScroll("the API tokens list");
    await click("tab-principals");
    await click(`open-principal-${ACCOUNT}`);
    await byTestId(`binding-use-namespace:${NAMESPACE}`).waitForDisplayed({ timeout: TIMEOUT });
    await noSidewaysScroll(`${ACCOUNT}'s page (bindings, effective rights, tokens)`);
    await click(`namespace-node-${NAMESPACE}`);
    await click("tab-namespace-access");
    await byTestId(`namespace-access-${ACCOUNT}-use`).waitForDisplayed({ timeout: TIMEOUT });
    await noSidewaysScroll(`${NAMESPACE}'s Access tab`);
  });
}
