// What every end-to-end journey needs: the X11 clipboard as another program sees it, checks, and
// WebDriver helpers that wait for Mantine's transitions and toasts instead of clicking through them.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

export const TIMEOUT = 20_000;

/** The X11 CLIPBOARD selection's text, read by xclip outside the app; null when it holds no text. */
export function readClipboard() {
  try {
    return execFileSync("xclip", ["-selection", "clipboard", "-o"], {
      encoding: "utf8",
      timeout: 5_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if (error?.code === "ENOENT") throw new Error("xclip is not installed (.ci/install-system-deps installs it)");
    return null;
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export const step = (name) => console.log(`  - ${name}`);

/**
 * Saves a screenshot of the window. The app has WebKitGTK draw on the CPU (src-tauri/src/webview.rs);
 * then a WebKitWebDriver screenshot of a page on which nothing changes times out (seen every run in
 * the access journey; the app's and WebKit's main loops were idle meanwhile), as if it waited for a
 * paint that never comes. So while the screenshot is taken, a one-pixel element in the corner changes
 * its opacity (0.01 and 0.02: invisible) every frame; it is removed afterwards. A page that runs no
 * script (an alert open) still gets a plain screenshot.
 */
export async function saveScreenshot(browser, path) {
  const ticking = await browser
    .execute(() => {
      for (const old of document.querySelectorAll("[data-keystead-e2e-paint-tick]")) old.remove();
      const tick = document.createElement("div");
      tick.setAttribute("data-keystead-e2e-paint-tick", "");
      tick.setAttribute("aria-hidden", "true");
      tick.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;background:#000;opacity:0.01;pointer-events:none";
      document.body.append(tick);
      let odd = false;
      const flip = () => {
        if (!tick.isConnected) return;
        odd = !odd;
        tick.style.opacity = odd ? "0.02" : "0.01";
        requestAnimationFrame(flip);
      };
      requestAnimationFrame(flip);
      return true;
    })
    .catch(() => false);
  try {
    await browser.saveScreenshot(path);
  } finally {
    if (ticking) {
      await browser
        .execute(() => {
          for (const tick of document.querySelectorAll("[data-keystead-e2e-paint-tick]")) tick.remove();
        })
        .catch(() => undefined);
    }
  }
}

const isStale = (error) => /stale element/i.test(String(error?.message ?? error));

/** Runs `action` again (three times at most) while it fails on a stale element; `what` says which retry was taken. */
async function retryingStale(what, action) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!isStale(error) || attempt === 3) throw error;
      console.log(`    (${what})`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/**
 * WebKitWebDriver answers a lookup with "stale element reference" when React replaces the node between
 * finding it and handing it over; the lookup is then simply repeated (three times at most), as a user
 * would look again. Other errors, and a stale element the test already holds, still fail the test.
 */
export function retryStaleLookups(browser) {
  for (const command of ["findElement", "findElements", "findElementFromElement", "findElementsFromElement"]) {
    browser.overwriteCommand(command, (original, ...args) =>
      retryingStale(`a ${command} met a replaced node; looked again`, () => original(...args)),
    );
  }
  return browser;
}

/** Helpers bound to one WebDriver session; `screenshotDir` is where `screenshotTo` writes. */
export function driving(browser, screenshotDir) {
  const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
  const text = async (id) => String(await byTestId(id).getProperty("textContent")).trim();
  const waitForText = (id, predicate, what) =>
    browser.waitUntil(async () => predicate(await text(id).catch(() => "")), { timeout: TIMEOUT, timeoutMsg: what });
  // Notifications sit in a fixed-position portal that WebKitWebDriver's getText treats as hidden.
  const bodyText = async () => String(await browser.$("body").getProperty("textContent"));

  // Clicks in the middle of the element (a toast in the bottom-right corner cannot cover the target),
  // once the target has stopped moving (modals and drawers slide in; a click meanwhile hits the overlay).
  const clickElement = async (selected, what) => {
    const element = await selected;
    await element.waitForDisplayed({ timeout: TIMEOUT });
    await element.scrollIntoView({ block: "center" });
    let last = "";
    await browser.waitUntil(
      async () => {
        const here = JSON.stringify(await element.getLocation());
        const still = here === last;
        last = here;
        return still;
      },
      { timeout: TIMEOUT, interval: 100, timeoutMsg: `${what} kept moving` },
    );
    // A toast over the target (a modal's Save button sits low on the right) is dismissed first.
    const underToast = await browser.execute((target) => {
      const box = target.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return top !== null && top.closest(".mantine-Notification-root") !== null;
    }, element);
    if (underToast) {
      // A toast may close by itself meanwhile: its button is then gone, which is fine.
      for (const close of await browser.$$(".mantine-Notification-root button")) {
        await close.click().catch(() => undefined);
      }
      await browser.waitUntil(async () => (await browser.$$(".mantine-Notification-root").length) === 0, {
        timeout: TIMEOUT,
        timeoutMsg: "a toast stayed over the target",
      });
    }
    await element.click();
  };
  // React may replace the target while the click waits for it to stop moving: it is then found again.
  const click = (id) => retryingStale(`${id} was replaced while waiting to click it; found it again`, () => clickElement(byTestId(id), id));

  // Modals and drawers fade their overlay out after they close; a click meanwhile hits the overlay.
  const overlaysGone = () =>
    browser.waitUntil(async () => (await browser.$$(".mantine-Modal-overlay, .mantine-Drawer-overlay").length) === 0, {
      timeout: TIMEOUT,
      timeoutMsg: "a modal or drawer overlay stayed open",
    });

  /** Opens a Select and picks the displayed option with this label (a closing list may still hold others). */
  const pickOption = async (testId, label) => {
    await click(testId);
    let option;
    await browser.waitUntil(
      async () => {
        for (const candidate of await browser.$$(`//*[@role="option"][normalize-space()="${label}"]`)) {
          if (await candidate.isDisplayed()) {
            option = candidate;
            return true;
          }
        }
        return false;
      },
      { timeout: TIMEOUT, timeoutMsg: `no option "${label}" in ${testId}` },
    );
    await option.click();
  };

  /** A segmented control's or radio group's choice, by its label's text. */
  const pickLabel = (label) => clickElement(browser.$(`//label[normalize-space()="${label}"]`), label);

  /** A Mantine Switch: its input is invisible, the track beside it takes the click. */
  const toggleSwitch = (testId) =>
    clickElement(browser.$(`//input[@data-testid="${testId}"]/following-sibling::*[1]`), testId);

  /** Closes the toasts (they would cover part of a screenshot). */
  const dismissToasts = async () => {
    // A toast still sliding in can miss the click, and another may arrive meanwhile: click until none stays.
    await browser.waitUntil(
      async () => {
        for (const close of await browser.$$(".mantine-Notification-root button")) {
          await close.click().catch(() => undefined);
        }
        return (await browser.$$(".mantine-Notification-root").length) === 0;
      },
      { timeout: TIMEOUT, interval: 500, timeoutMsg: "a toast stayed" },
    );
  };

  /** Runs `body` with the window at the app's 800×500 minimum, then gives the window its size back. */
  const atMinimumSize = async (body) => {
    const { width, height } = await browser.getWindowSize();
    await browser.setWindowSize(800, 500);
    try {
      await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= 800, {
        timeout: TIMEOUT,
        timeoutMsg: "the window did not shrink",
      });
      await body();
    } finally {
      await browser.setWindowSize(width, height);
    }
  };

  // The window reports its new width before every part of the page has laid out again (a table measures
  // itself on the next frame): the page must fit within a few seconds.
  const noSidewaysScroll = async (screen) => {
    let widths = [0, 0];
    await browser
      .waitUntil(
        async () => {
          widths = await browser.execute(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          return widths[0] <= widths[1];
        },
        { timeout: 5_000, interval: 250 },
      )
      .catch(() => undefined);
    check(widths[0] <= widths[1], `${screen} is ${widths[0]} px wide in a ${widths[1]} px window`);
  };

  const screenshotTo = async (name) => {
    const path = resolve(screenshotDir, name);
    step(`screenshot to ${path}`);
    mkdirSync(screenshotDir, { recursive: true });
    await saveScreenshot(browser, path);
  };

  return {
    byTestId,
    text,
    waitForText,
    bodyText,
    click,
    clickElement,
    overlaysGone,
    pickOption,
    pickLabel,
    toggleSwitch,
    dismissToasts,
    atMinimumSize,
    noSidewaysScroll,
    screenshotTo,
  };
}
