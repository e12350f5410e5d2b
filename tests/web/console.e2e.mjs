// The web console in a real browser against a real `keystead serve` (run.sh seeds the data dir and starts
// the server). Journeys: sign-in, masked and revealed secrets and copy as a tenant admin; a read-only
// token's limits (nothing offered that the server would refuse); a token created and revoked through the
// HTTP API (this branch has no tokens screen) ending the session it signed in; sign-out; the API reference.
import {
  MASK,
  api,
  byTestId,
  check,
  checkNeverLeaked,
  notificationTexts,
  openConsole,
  signIn,
  signOut,
  step,
} from "./harness.mjs";

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set (run tests/web/run.sh)`);
  return value;
};
const baseUrl = env("KEYSTEAD_WEB_URL");
const adminToken = env("KEYSTEAD_WEB_ADMIN_TOKEN");
const readerToken = env("KEYSTEAD_WEB_READER_TOKEN");
const canary = env("KEYSTEAD_WEB_CANARY");
const TOKEN_KEY = "keystead.api-token";

const storedToken = (page) => page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);
const clipboardText = (page) => page.evaluate(() => navigator.clipboard.readText());

async function adminJourney({ page, screenshot }) {
  step("the console opens on the sign-in screen");
  await page.goto(baseUrl);
  await byTestId(page, "token-input").waitFor();
  check((await page.locator("h2").textContent()) === "Sign in to Keystead", "sign-in heading");
  check((await byTestId(page, "token-input").getAttribute("type")) === "password", "the token field is a password field");
  await screenshot("sign-in");

  step("a well-formed but unknown token is refused with the server's message");
  await byTestId(page, "token-input").fill("kst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await byTestId(page, "sign-in-submit").click();
  const refusal = page.locator(".mantine-PasswordInput-error, .mantine-InputWrapper-error");
  await refusal.waitFor();
  check((await refusal.textContent()).length > 10, "the refusal says why");
  check((await storedToken(page)) === null, "a refused token is not kept");

  step("sign in as web-admin (tenant admin)");
  await signIn(page, adminToken);
  check((await byTestId(page, "account-menu").textContent()) === "web-admin", "the header names web-admin");
  check((await storedToken(page)) === adminToken, "the token is kept in session storage");

  step("browse company.team: values are masked");
  await byTestId(page, "namespace-node-company.team").click();
  await byTestId(page, "secret-row-API_KEY").waitFor();
  check((await byTestId(page, "secret-value-API_KEY").textContent()) === MASK, "API_KEY is masked");
  check(!(await page.content()).includes(canary), "no value is in the page");
  check((await byTestId(page, "new-secret-button").getAttribute("aria-disabled")) === null, "admin may create secrets");
  await screenshot("secrets-masked");

  step("reveal API_KEY");
  await byTestId(page, "reveal-API_KEY").click();
  await byTestId(page, "secret-revealed-API_KEY").waitFor();
  check((await byTestId(page, "secret-value-API_KEY").textContent()) === canary, "the revealed value is the seeded one");
  await screenshot("secret-revealed");
  await byTestId(page, "reveal-API_KEY").click();
  await byTestId(page, "secret-revealed-API_KEY").waitFor({ state: "detached" });

  step("copy API_KEY: the browser clipboard holds it, then Keystead clears it");
  await page.clock.install();
  await byTestId(page, "copy-API_KEY").click();
  await page.getByText("API_KEY copied; the clipboard clears in 30 s if this page has focus then").waitFor();
  check((await clipboardText(page)) === canary, "the clipboard holds the value");
  await page.clock.fastForward("00:31");
  await page.waitForFunction(() => navigator.clipboard.readText().then((text) => text === ""), null, { timeout: 5_000 });
  check(!(await notificationTexts(page)).some((text) => text.includes("may still be on the clipboard")), "no clear warning");

  step("credentials: the static credential is listed and its Test runs");
  await byTestId(page, "tab-credentials").click();
  await byTestId(page, "credential-row-aws-deploy").waitFor();
  await byTestId(page, "test-aws-deploy").click();
  await byTestId(page, "test-result").waitFor();
  await page.waitForTimeout(400); // the drawer's slide-in
  check(!(await page.content()).includes(`aws-${canary}`), "the Test result does not show the secret key");
  await screenshot("credential-test");
  await page.keyboard.press("Escape");
  await byTestId(page, "test-result").waitFor({ state: "detached" });
  await byTestId(page, "tab-secrets").click();

  step("sign out: the token leaves session storage");
  await signOut(page);
  check((await storedToken(page)) === null, "sign out clears the token");
  await page.reload();
  await byTestId(page, "token-input").waitFor();
  await screenshot("signed-out");
}

async function readerJourney({ page, log, screenshot }) {
  step("sign in as web-reader (read on company.team)");
  await signIn(page, readerToken);
  const firstAnswer = log.answers.length;
  await byTestId(page, "account-menu").click();
  await byTestId(page, "account-role").first().waitFor(); // the menu opens on the next frame
  check((await byTestId(page, "account-role").allTextContents()).join() === "read on company.team and below", "roles in words");
  await page.keyboard.press("Escape");

  step("the tree: company is only a path, prod is not listed");
  await byTestId(page, "namespace-node-company.team").waitFor();
  check((await byTestId(page, "namespace-node-company").getAttribute("aria-disabled")) === "true", "company is a path only");
  check((await byTestId(page, "namespace-node-prod").count()) === 0, "prod is not listed");
  await byTestId(page, "namespace-node-company").click({ force: true });
  check((await byTestId(page, "secrets-title").count()) === 0, "a path-only parent does not open");
  const newNamespace = byTestId(page, "new-namespace-button");
  check((await newNamespace.getAttribute("aria-disabled")) === "true", "New namespace is disabled");

  step("company.team: masked values; write, reveal and copy controls are disabled and say why");
  await byTestId(page, "namespace-node-company.team").click();
  await byTestId(page, "secret-row-API_KEY").waitFor();
  check((await byTestId(page, "secret-value-API_KEY").textContent()) === MASK, "API_KEY is masked");
  for (const id of ["new-secret-button", "reveal-API_KEY", "copy-API_KEY"]) {
    check((await byTestId(page, id).getAttribute("aria-disabled")) === "true", `${id} is disabled`);
  }
  const newSecret = byTestId(page, "new-secret-button");
  // Reached with the keyboard (the tooltip opens on keyboard focus, as focus rings do).
  await newSecret.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  check((await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === "new-secret-button", "focused");
  await page.getByRole("tooltip").getByText("Needs the admin role on company.team").first().waitFor();
  const describedBy = await newSecret.getAttribute("aria-describedby");
  check((await page.locator(`[id="${describedBy}"]`).textContent()).startsWith("Needs the admin role"), "described for screen readers");
  await screenshot("read-only-secrets");

  step("clicking a disabled control does nothing: no request, no error");
  const before = log.requests.length;
  await byTestId(page, "reveal-API_KEY").click({ force: true });
  await byTestId(page, "copy-API_KEY").click({ force: true });
  await newSecret.click({ force: true });
  await page.waitForTimeout(300);
  check(!log.requests.slice(before).some((request) => request.url.includes("/reveal")), "no reveal was asked for");
  check((await page.getByRole("dialog").count()) === 0, "no dialog opened");
  check((await notificationTexts(page)).length === 0, "no error notification");

  step("the row menu shows edits disabled with the role they need");
  await byTestId(page, "secret-actions-API_KEY").click();
  const edit = byTestId(page, "edit-secret-API_KEY");
  check((await edit.getAttribute("data-disabled")) === "true", "Edit is disabled");
  check((await edit.textContent()).includes("Needs admin on company.team"), "Edit says which role");
  await screenshot("read-only-row-menu");
  await page.keyboard.press("Escape");

  step("credentials: New credential and Test are disabled (Test needs use)");
  await byTestId(page, "tab-credentials").click();
  await byTestId(page, "credential-row-aws-deploy").waitFor();
  check((await byTestId(page, "new-credential-button").getAttribute("aria-disabled")) === "true", "New credential disabled");
  const test = byTestId(page, "test-aws-deploy");
  check((await test.getAttribute("aria-disabled")) === "true", "Test is disabled");
  await test.hover();
  await page.getByRole("tooltip").getByText("Needs the use role on company.team").first().waitFor();
  await screenshot("read-only-credentials");
  await page.emulateMedia({ colorScheme: "dark" });
  await byTestId(page, "tab-secrets").click();
  await byTestId(page, "secret-row-API_KEY").waitFor();
  await screenshot("read-only-secrets-dark");
  await page.emulateMedia({ colorScheme: "light" });

  const failed = log.answers.slice(firstAnswer).filter((answer) => answer.status >= 400);
  check(failed.length === 0, `no request failed while read-only: ${JSON.stringify(failed)}`);
  await signOut(page);
}

async function revokedTokenJourney({ page, screenshot }) {
  step("through the HTTP API: web-admin creates a token narrowed to use on company.team");
  const admin = api(baseUrl, adminToken);
  const created = await admin.post("/main/tokens", {
    principal: "web-admin",
    name: "web e2e narrowed",
    max_age: "PT1H",
    narrowing: { role: "use", scope: { level: "namespace", namespace: "company.team" } },
  });
  check(created.token.startsWith("kst_") && created.info.narrowing.role === "use", "the token is created, narrowed");

  step("sign in with it from the keyboard: Test is offered, New secret is not");
  await signIn(page, created.token, { submitWith: "Enter" });
  await byTestId(page, "account-menu").click();
  await byTestId(page, "account-narrowing").waitFor();
  const narrowing = await byTestId(page, "account-narrowing").textContent();
  check(narrowing === "This token is narrowed to use on company.team and below", `narrowing in words: ${narrowing}`);
  await screenshot("narrowed-account");
  await page.keyboard.press("Escape");
  await byTestId(page, "namespace-node-company.team").click();
  await byTestId(page, "secret-row-API_KEY").waitFor();
  check((await byTestId(page, "new-secret-button").getAttribute("aria-disabled")) === "true", "New secret disabled");
  await byTestId(page, "tab-credentials").click();
  await byTestId(page, "credential-row-aws-deploy").waitFor();
  check((await byTestId(page, "test-aws-deploy").getAttribute("aria-disabled")) === null, "Test is offered with use");

  step("revoke it through the HTTP API: the next request returns to sign-in with the server's message");
  await admin.post(`/main/tokens/${encodeURIComponent(created.info.id)}/revoke`);
  await byTestId(page, "tab-secrets").click();
  await byTestId(page, "signed-out-reason").waitFor();
  const reason = await byTestId(page, "signed-out-reason").textContent();
  check(/revoked/i.test(reason), `the reason names the revocation: ${reason}`);
  check((await storedToken(page)) === null, "the revoked token is dropped");
  await screenshot("signed-out-revoked");
  const listed = await admin.get("/main/tokens?principal=web-admin");
  check(listed.find((token) => token.id === created.info.id)?.revoked === true, "the token is listed as revoked");
  return created.token;
}

/** The API reference page: Swagger UI from this binary renders the server's own document, under its CSP. */
async function apiDocsJourney({ page, log, screenshot }) {
  step("the API reference at /api/docs lists every route, with nothing fetched from elsewhere");
  const firstRequest = log.requests.length;
  const firstConsoleLine = log.console.length;
  await page.goto(`${baseUrl}/api/docs`);
  check(page.url() === `${baseUrl}/api/docs/`, `/api/docs leads to /api/docs/: ${page.url()}`);
  await page.locator(".opblock").first().waitFor();
  const document = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
  const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
  check((await page.locator(".opblock").count()) === operations, `one block per operation (${operations})`);
  check((await page.locator(".info .title").textContent()).includes(document.info.title), "the document's title is shown");
  check((await page.locator(".btn.authorize").count()) === 1, "the bearer token can be entered");
  const elsewhere = log.requests.slice(firstRequest).filter((request) => !request.url.startsWith(baseUrl));
  check(elsewhere.length === 0, `no request leaves the server: ${elsewhere.map((request) => request.url).join(", ")}`);
  const complaints = log.console.slice(firstConsoleLine).filter((line) => /Content Security Policy|pageerror|Failed to load/i.test(line));
  check(complaints.length === 0, `no script or policy error: ${complaints.join(" | ")}`);
  await screenshot("api-docs");
}

async function main() {
  const started = Date.now();
  const session = await openConsole({
    baseUrl,
    executablePath: env("KEYSTEAD_WEB_CHROMIUM"),
    screenshotDir: env("KEYSTEAD_WEB_SCREENSHOT_DIR"),
  });
  let failed = false;
  const secrets = [adminToken, readerToken, canary];
  try {
    await adminJourney(session);
    await readerJourney(session);
    secrets.push(await revokedTokenJourney(session));
    await apiDocsJourney(session);
    const denied = await api(baseUrl, adminToken).get("/main/audit?action=access.denied");
    check(denied.length === 0, `the console asked for nothing it was refused: ${JSON.stringify(denied.map((e) => e.detail))}`);
    checkNeverLeaked(session.log, session.page, secrets);
    console.log(`web e2e: all journeys passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    console.error(`web e2e: FAILED: ${error.message}`);
    await session.screenshot("failure").catch(() => undefined);
    const tail = session.log.console.slice(-10).filter((line) => !secrets.some((secret) => line.includes(secret)));
    if (tail.length > 0) console.error(`browser console (last lines):\n  ${tail.join("\n  ")}`);
  } finally {
    await session.browser.close();
  }
  process.exit(failed ? 1 : 0);
}

await main();
