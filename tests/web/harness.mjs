// What the web console journeys share: Debian's Chromium through playwright-core (never a downloaded
// browser), a page that records every request, answer and console line, checks and screenshots.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

export const TIMEOUT = 15_000;
export const MASK = "••••••••";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function step(name) {
  console.log(`  - ${name}`);
}

/** Starts Chromium with one page on `baseUrl`; the clipboard may be read and written (the copy journey). */
export async function openConsole({ baseUrl, executablePath, screenshotDir }) {
  mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);

  const log = { requests: [], answers: [], console: [] };
  page.on("request", (request) => log.requests.push({ method: request.method(), url: request.url() }));
  page.on("response", (response) => log.answers.push({ status: response.status(), url: response.url() }));
  page.on("console", (message) => log.console.push(message.text()));
  page.on("pageerror", (error) => log.console.push(`pageerror: ${error.message}`));

  let shot = 0;
  const screenshot = async (name) => {
    shot += 1;
    const path = join(screenshotDir, `${String(shot).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path, animations: "disabled" });
    return path;
  };
  return { browser, context, page, log, screenshot };
}

/** Everything the page sent, answered and printed, checked for things that must never be there. */
export function checkNeverLeaked(log, page, secrets) {
  for (const secret of secrets) {
    check(!page.url().includes(secret), "a token or value is in the page URL");
    check(!log.requests.some((request) => request.url.includes(secret)), "a token or value is in a request URL");
    check(!log.console.some((line) => line.includes(secret)), "a token or value reached the browser console");
  }
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** The text of the Mantine notifications on screen. */
export async function notificationTexts(page) {
  return page.locator(".mantine-Notification-root").allTextContents();
}

export async function signIn(page, token, { submitWith = "click" } = {}) {
  await byTestId(page, "token-input").fill(token);
  if (submitWith === "Enter") await byTestId(page, "token-input").press("Enter");
  else await byTestId(page, "sign-in-submit").click();
  await byTestId(page, "account-menu").waitFor();
}

export async function signOut(page) {
  await byTestId(page, "account-menu").click();
  await byTestId(page, "sign-out").click();
  await byTestId(page, "token-input").waitFor();
}

/** Requests to the API with a token: the parts of a journey the console has no screen for on this branch. */
export function api(baseUrl, token) {
  const call = async (method, path, body) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = response.status === 204 ? null : await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${answer?.code}: ${answer?.message}`);
    return answer;
  };
  return {
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
  };
}
