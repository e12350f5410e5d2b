// The app follows the desktop's light or dark preference: a second app session started with a dark
// GTK theme (as GNOME's dark style or a "-dark" theme gives it) opens dark, on its own data dir.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { remote } from "webdriverio";

import { check, driving, retryStaleLookups, step, TIMEOUT } from "./session.mjs";

/** The page's color scheme as Mantine applied it, and the body's background luminance (0 black, 1 white). */
export async function appearance(browser) {
  return browser.execute(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).map(Number);
    return {
      scheme: document.documentElement.getAttribute("data-mantine-color-scheme"),
      prefersDark: window.matchMedia("(prefers-color-scheme: dark)").matches,
      luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255,
    };
  });
}

export async function darkThemeJourney({ port, application, screenshotDir }) {
  const scratch = mkdtempSync(join(tmpdir(), "keystead-e2e-dark."));
  const launcher = join(scratch, "launch");
  writeFileSync(
    launcher,
    // Its own data dir and web storage too: nothing the first session chose (a colour scheme saved by
    // the web view) may decide what this one shows.
    [
      "#!/bin/sh",
      `export GTK_THEME=Adwaita:dark KEYSTEAD_DATA_DIR='${join(scratch, "data")}'`,
      `export XDG_DATA_HOME='${join(scratch, "xdg-data")}' XDG_CACHE_HOME='${join(scratch, "xdg-cache")}' XDG_CONFIG_HOME='${join(scratch, "xdg-config")}'`,
      `exec '${application}' "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(launcher, 0o755);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: launcher } },
    });
    retryStaleLookups(browser);
    const { byTestId, screenshotTo } = driving(browser, screenshotDir);
    step("started under a dark GTK theme, the unlock screen is dark");
    await byTestId("passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
    const seen = await appearance(browser);
    // The app reads the desktop's preference itself (src-tauri/src/appearance.rs): WebKitGTK, kept
    // from opening OpenGL, does not pass GTK's settings to the page, so prefers-color-scheme may be
    // light here. What counts is what the page shows.
    check(seen.scheme === "dark", `Mantine's color scheme is ${seen.scheme} (prefers-color-scheme: dark ${seen.prefersDark})`);
    check(seen.luminance < 0.25, `the page background is dark (luminance ${seen.luminance.toFixed(2)})`);
    // The window's first frames may not have reached the screen yet: let two frames pass first.
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.pause(500);
    await screenshotTo("unlock-dark.png");
  } finally {
    await browser?.deleteSession().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}
