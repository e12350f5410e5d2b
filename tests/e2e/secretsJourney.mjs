// The Secrets tab's bulk and history features in the built app: an import with a conflict (the core's
// dry run shows new / changed / unchanged, the policy is chosen, then the import), a restored older
// version, read-only set and cleared, and "Copy as {{ secret('KEY') }}" on the OS clipboard. Continues
// where the KV journey left the app (unlocked, company.team exists with secrets of earlier journeys).
import { check, driving, readClipboard, step, TIMEOUT } from "./session.mjs";

const NAMESPACE = "company.team";
const FIRST = "IMPORT_SAME=same-value\nIMPORT_CHANGED=first-value\n";
const SECOND = "IMPORT_SAME=same-value\nIMPORT_CHANGED=second-value\nexport IMPORT_NEW='fresh value'\n";
// Keys in the large paste (the preview stays responsive: it lists the first rows and a count).
const MANY = 10_000;

export async function secretsJourney(browser, { screenshotDir }) {
  const ui = driving(browser, screenshotDir);
  const { atMinimumSize, noSidewaysScroll, byTestId, text, waitForText, bodyText, click, overlaysGone, pickLabel, dismissToasts } = ui;

  /** Pastes in one input event, as a paste does (typing thousands of lines key by key is not what users do). */
  const paste = (content) =>
    browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
      setter?.call(area, value);
      area?.dispatchEvent(new Event("input", { bubbles: true }));
    }, content);
  const stateOf = (key) => byTestId(`import-row-${key}`).getAttribute("data-state");
  const openImport = async () => {
    await overlaysGone();
    await click("import-secrets-button");
    await byTestId("import-text").waitForDisplayed({ timeout: TIMEOUT });
  };
  const closeImport = async () => {
    await click("import-close");
    await byTestId("import-text").waitForExist({ timeout: TIMEOUT, reverse: true });
    await byTestId("import-summary").waitForExist({ timeout: TIMEOUT, reverse: true });
    await overlaysGone();
  };
  const rowMenu = async (key, item) => {
    await overlaysGone();
    await click(`secret-actions-${key}`);
    await click(item);
  };

  step(`open ${NAMESPACE}'s Secrets tab`);
  await overlaysGone();
  await click(`namespace-node-${NAMESPACE}`);
  await click("tab-secrets");
  await byTestId("secret-row-API_KEY").waitForDisplayed({ timeout: TIMEOUT });

  step("import two keys into the namespace: the preview says both are new");
  await openImport();
  await paste(FIRST);
  await click("import-preview");
  await byTestId("import-row-IMPORT_CHANGED").waitForDisplayed({ timeout: TIMEOUT });
  check((await stateOf("IMPORT_SAME")) === "new" && (await stateOf("IMPORT_CHANGED")) === "new", "both keys preview as new");
  await click("import-submit");
  await waitForText("import-summary", (t) => t.startsWith(`Imported into ${NAMESPACE}: 2 created`), "the first import did not report 2 created");
  await closeImport();
  await byTestId("secret-row-IMPORT_CHANGED").waitForDisplayed({ timeout: TIMEOUT });

  step("import again with a conflict: the dry run shows new, changed and unchanged, and no value");
  await openImport();
  await paste(SECOND);
  await click("import-preview");
  await byTestId("import-row-IMPORT_NEW").waitForDisplayed({ timeout: TIMEOUT });
  check((await stateOf("IMPORT_NEW")) === "new", "IMPORT_NEW previews as new");
  check((await stateOf("IMPORT_CHANGED")) === "changed", "IMPORT_CHANGED previews as changed");
  check((await stateOf("IMPORT_SAME")) === "unchanged", "IMPORT_SAME previews as unchanged");
  const kept = await text("import-row-IMPORT_CHANGED");
  check(kept.includes("will be kept"), `with the default policy the changed key is kept: "${kept}"`);
  const table = await text("import-preview-table");
  check(!/first-value|second-value|fresh value/.test(table), "the preview shows no value");

  step("choose Refuse: the core's refusal names the key; then Overwrite: the preview follows");
  await pickLabel("Refuse the whole import");
  await waitForText("import-refusal", (t) => t.includes("IMPORT_CHANGED"), "Refuse did not show the core's refusal");
  check(!(await byTestId("import-submit").isEnabled()), "Import is not offered while the import would be refused");
  await pickLabel("Overwrite with the file's value");
  await waitForText("import-row-IMPORT_CHANGED", (t) => t.includes("will be overwritten"), "the preview did not follow Overwrite");
  await dismissToasts().catch(() => undefined);
  await ui.screenshotTo("secrets-import.png");

  step("import: 1 created, 1 overwritten, 0 kept, 1 unchanged");
  await click("import-submit");
  await waitForText(
    "import-summary",
    (t) => t === `Imported into ${NAMESPACE}: 1 created, 1 overwritten, 0 kept, 1 unchanged`,
    "the import's summary is not 1 created, 1 overwritten, 0 kept, 1 unchanged",
  );
  await closeImport();
  await byTestId("secret-row-IMPORT_NEW").waitForDisplayed({ timeout: TIMEOUT });
  await waitForText("secret-flags-IMPORT_CHANGED", (t) => t.startsWith("v2"), "IMPORT_CHANGED is not at v2 after the overwrite");

  step(`a paste of ${MANY} keys previews without freezing the window, then is cancelled`);
  await openImport();
  await paste(Array.from({ length: MANY }, (_, i) => `BULK_KEY_${i}=value-${i}`).join("\n"));
  // The longest gap between animation frames while the preview runs: how long the window stood still.
  await browser.execute(() => {
    const probe = { last: performance.now(), longest: 0, running: true };
    window.__keysteadFrames = probe;
    const tick = (now) => {
      probe.longest = Math.max(probe.longest, now - probe.last);
      probe.last = now;
      if (probe.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const pasted = Date.now();
  await click("import-preview");
  await byTestId("import-preview-more").waitForDisplayed({ timeout: 60_000 });
  const previewMs = Date.now() - pasted;
  const longestFrameMs = await browser.execute(() => {
    window.__keysteadFrames.running = false;
    return Math.round(window.__keysteadFrames.longest);
  });
  const summary = await text("import-summary");
  check(summary.startsWith(`Import would create ${MANY},`), `the large preview's summary reads "${summary}"`);
  const rows = (await browser.$$('[data-testid^="import-row-"]')).length;
  check(rows <= 200, `the preview draws ${rows} rows, not ${MANY}`);
  console.log(`    dry run and preview of ${MANY} keys: ${previewMs} ms; longest frame meanwhile ${longestFrameMs} ms`);
  check(longestFrameMs < 2_000, `the window stood still for ${longestFrameMs} ms during the preview`);
  await closeImport();

  step("restore version 1 of IMPORT_CHANGED after confirming: it comes back as version 3");
  await rowMenu("IMPORT_CHANGED", "versions-IMPORT_CHANGED");
  await byTestId("version-row-1").waitForDisplayed({ timeout: TIMEOUT });
  check(await byTestId("version-row-2").isExisting(), "the history lists version 2");
  check(!(await byTestId("restore-version-2").isExisting()), "the current version offers no restore");
  await click("restore-version-1");
  await waitForText("restore-confirm-box", (t) => t.includes("Its value becomes version 3"), "no confirmation for the restore");
  await click("restore-confirm");
  await waitForText("versions-restored", (t) => t.includes("Version 1 restored as version 3"), "the restore did not report version 3");
  await waitForText("version-row-3", (t) => t.includes("current"), "version 3 is not shown as current");
  await click("versions-close");
  await byTestId("versions-table").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await waitForText("secret-flags-IMPORT_CHANGED", (t) => t.startsWith("v3"), "the row does not show v3");

  step("the restored value is version 1's");
  await click("reveal-IMPORT_CHANGED");
  await waitForText("secret-value-IMPORT_CHANGED", (t) => t === "first-value", "the revealed value is not version 1's");
  await click("reveal-IMPORT_CHANGED");
  await waitForText("secret-value-IMPORT_CHANGED", (t) => t !== "first-value", "the value did not re-mask");

  step("set read-only, see it in the row and refused by restore, then clear it");
  await rowMenu("IMPORT_CHANGED", "read-only-IMPORT_CHANGED");
  await waitForText("secret-flags-IMPORT_CHANGED", (t) => t.includes("read-only"), "the row does not say read-only");
  await rowMenu("IMPORT_CHANGED", "versions-IMPORT_CHANGED");
  await byTestId("versions-read-only").waitForDisplayed({ timeout: TIMEOUT });
  check(!(await byTestId("restore-version-1").isEnabled()), "restore is disabled while read-only");
  await click("versions-close");
  await byTestId("versions-table").waitForExist({ timeout: TIMEOUT, reverse: true });
  await overlaysGone();
  await click("secret-actions-IMPORT_CHANGED");
  await waitForText("read-only-IMPORT_CHANGED", (t) => t.includes("Clear read-only"), "the menu does not offer Clear read-only");
  await click("read-only-IMPORT_CHANGED");
  await waitForText("secret-flags-IMPORT_CHANGED", (t) => !t.includes("read-only"), "read-only was not cleared");

  step("at the 800×500 minimum the header's Import / Export / New secret and the import preview fit without sideways scroll");
  await atMinimumSize(async () => {
    check(await byTestId("export-secrets-button").isDisplayed(), "Export… is shown at 800 px");
    await noSidewaysScroll("the Secrets tab");
    await openImport();
    await paste(SECOND);
    await click("import-preview");
    await byTestId("import-row-IMPORT_NEW").waitForDisplayed({ timeout: TIMEOUT });
    await noSidewaysScroll("the import preview");
    await closeImport();
  });

  step("Copy as {{ secret('IMPORT_NEW') }}: the reference is on the OS clipboard, not the value");
  await rowMenu("IMPORT_NEW", "copy-reference-IMPORT_NEW");
  const reference = "{{ secret('IMPORT_NEW') }}";
  await browser.waitUntil(async () => (await bodyText()).includes(`${reference} copied`), {
    timeout: TIMEOUT,
    timeoutMsg: "no copied notification for the reference",
  });
  const onClipboard = readClipboard();
  check(onClipboard === reference, `the clipboard holds the reference (got ${JSON.stringify(onClipboard)})`);
}
