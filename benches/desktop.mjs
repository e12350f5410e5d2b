// Measures the release desktop app through tauri-driver (WebDriver classic over WebKitWebDriver);
// benches/desktop.sh builds, seeds the data dir and starts Xvfb + tauri-driver, then runs this.
//
// Each run starts a new app process on the seeded data dir (locked, passphrase mode) and reads:
// - cold start: from the exec of the app binary (the launcher script writes the wall-clock time, then
//   execs the app) to the unlock screen painted with its passphrase input (the UI's
//   `keystead:unlock-interactive` mark, set after the frame that shows the input; the page's
//   performance.timeOrigin turns it into wall-clock time);
// - memory of the app process (RSS and PSS from /proc) and, separately, of the WebKit processes it
//   spawned, once started and once a namespace with 10 000 secrets is on screen;
// - in the last KEYSTEAD_BENCH_OPEN_RUNS runs (default 3), opening that namespace: the click, the
//   moment the list arrived from the host (`keystead:secrets-data`), the moment its rows were in the
//   DOM (`keystead:secrets-rendered`) and the frame that painted them (`keystead:secrets-painted`),
//   all on the page's clock; then scrolling through it, and through a box of static text of the same
//   size (frame intervals: the table's and WebKit's own floor).
// Prints one JSON object per run on stderr, then the medians as Markdown table rows on stdout.
// Sizes are in MB (10^6 bytes), as the goals are.
import { readFileSync, readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
// WebdriverIO is installed for the end-to-end tests (tests/e2e); the bench borrows it.
const { remote } = await import(pathToFileURL(createRequire(resolve(repo, "tests/e2e/package.json")).resolve("webdriverio")).href);

const launcher = required("KEYSTEAD_BENCH_LAUNCHER");
const spawnLog = required("KEYSTEAD_BENCH_SPAWN_LOG");
const appBinary = required("KEYSTEAD_BENCH_APP_BINARY");
const passphrase = required("KEYSTEAD_BENCH_PASSPHRASE");
const namespace = required("KEYSTEAD_BENCH_NAMESPACE");
const secrets = Number(required("KEYSTEAD_BENCH_SECRETS"));
const runs = Number(process.env.KEYSTEAD_BENCH_RUNS ?? 5);
// The last runs open the namespace (not the first: its file cache is the coldest).
const openRuns = Math.min(runs, Number(process.env.KEYSTEAD_BENCH_OPEN_RUNS ?? 3));
const port = Number(process.env.KEYSTEAD_E2E_DRIVER_PORT ?? 4444);
const TIMEOUT = Number(process.env.KEYSTEAD_BENCH_TIMEOUT_MS ?? 180_000);
const SETTLE_MS = 1_000;

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`desktop bench: ${name} is not set (run benches/desktop.sh)`);
  return value;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The last app process the launcher started: its pid and exec time (ms since the epoch). */
function lastSpawn() {
  const lines = readFileSync(spawnLog, "utf8").trim().split("\n");
  const [pid, nanos] = lines.at(-1).split(" ");
  const ns = BigInt(nanos);
  return { pid: Number(pid), at: Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6 };
}

/** RSS and PSS of one process, in MB (PSS splits shared pages among the processes that map them). */
function memory(pid) {
  const field = (text, name) => (Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN) * 1024) / 1e6;
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  return { rss: field(rollup, "Rss"), pss: field(rollup, "Pss") };
}

// Mesa's software OpenGL (llvmpipe: LLVM compiles its shaders), which Xvfb has in place of a GPU driver.
const SOFTWARE_GL = /\/(libLLVM[^/]*|libgallium[^/]*|libz3[^/]*|dri\/[^/]+)$/;

/**
 * The app process's RSS in MB by mapping: the Keystead binary with the heap and anonymous memory (which
 * GTK, WebKit's UI side and Mesa allocate too: an upper bound of Keystead's share), software GL, the rest.
 */
function rssByOwner(pid, binary) {
  const owners = { keystead: 0, softwareGl: 0, libraries: 0 };
  let owner = "libraries";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping !== null) {
      const path = mapping[1];
      owner = path === binary || path === "" || path === "[heap]" ? "keystead" : SOFTWARE_GL.test(path) ? "softwareGl" : "libraries";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss !== null) owners[owner] += (Number(rss[1]) * 1024) / 1e6;
  }
  return owners;
}

/** Every process below `pid` (WebKit's web and network processes). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: the parent pid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift();
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

function memoryOfApp(pid) {
  const app = { ...memory(pid), owners: rssByOwner(pid, realpathSync(appBinary)) };
  const web = { rss: 0, pss: 0, processes: 0 };
  for (const child of descendants(pid)) {
    try {
      const m = memory(child);
      web.rss += m.rss;
      web.pss += m.pss;
      web.processes += 1;
    } catch {
      // Gone meanwhile.
    }
  }
  return { app, web };
}

/** The wall-clock time (ms) of a performance mark on the page, or null while it is not set. */
const markAt = (browser, name) =>
  browser.execute((mark) => {
    const entries = performance.getEntriesByName(mark);
    const origin = performance.timeOrigin ?? Date.now() - performance.now();
    return entries.length === 0 ? null : origin + entries[entries.length - 1].startTime;
  }, name);

const waitForMark = async (browser, name) => {
  let at = null;
  await browser.waitUntil(async () => (at = await markAt(browser, name)) !== null, {
    timeout: TIMEOUT,
    interval: 20,
    timeoutMsg: `the page never set ${name}`,
  });
  return at;
};

/**
 * Scrolls the secrets table's box (or, with `plain`, a box of static text laid over it) by 120 px per
 * frame for 240 frames; the frame intervals, the final offset and the secret rows then in the DOM.
 */
const scrollFrames = (browser, plain) =>
  browser.executeAsync((plainText, done) => {
    const table = document.querySelector('[data-testid="secrets-table-scroll"]');
    if (table === null) {
      done(null);
      return;
    }
    let box = table;
    if (plainText) {
      const rect = table.getBoundingClientRect();
      box = document.createElement("div");
      box.style.cssText = `position:fixed;left:${rect.left}px;top:${rect.top}px;width:${rect.width}px;height:${rect.height}px;overflow-y:auto;background:#fff;z-index:9999`;
      const text = document.createElement("pre");
      text.style.cssText = "margin:0;font:14px/59px monospace";
      text.textContent = Array.from({ length: 10_000 }, (_, i) => `BENCH_SECRET_${String(i).padStart(5, "0")}   ••••••••   Reveal   Copy`).join("\n");
      box.appendChild(text);
      document.body.appendChild(box);
    }
    const gaps = [];
    let last = null;
    const frame = (at) => {
      if (last !== null) gaps.push(at - last);
      last = at;
      if (gaps.length >= 240) {
        const result = { gaps, scrolledTo: box.scrollTop, rows: document.querySelectorAll('[data-testid^="secret-row-"]').length };
        if (plainText) box.remove();
        done(result);
        return;
      }
      box.scrollTop += 120;
      requestAnimationFrame(frame);
    };
    // A new box is laid out and painted once before the first timed frame.
    requestAnimationFrame(plainText ? () => requestAnimationFrame(frame) : frame);
  }, plain);

async function measureOnce(openNamespace) {
  const requested = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: launcher },
    },
  });
  try {
    const spawn = lastSpawn();
    const byTestId = (id) => browser.$(`[data-testid="${id}"]`);
    const interactiveAt = await waitForMark(browser, "keystead:unlock-interactive");
    await byTestId("passphrase-input").waitForDisplayed({ timeout: TIMEOUT });
    const seenByDriver = Date.now();
    await sleep(SETTLE_MS);
    const started = memoryOfApp(spawn.pid);
    const cold = { coldStartMs: interactiveAt - spawn.at, driverSawInputMs: seenByDriver - requested, memoryStarted: started };
    if (!openNamespace) return cold;

    await byTestId("passphrase-input").setValue(passphrase);
    await byTestId("unlock-submit").click();
    const node = await byTestId(`namespace-node-${namespace}`);
    await node.waitForDisplayed({ timeout: TIMEOUT });
    // What a frame costs with nothing new to draw: the floor under "rows in the DOM to painted".
    const idleFrameMs = await browser.executeAsync((done) => {
      const spans = [];
      const next = () => {
        const start = performance.now();
        requestAnimationFrame(() => {
          setTimeout(() => {
            spans.push(performance.now() - start);
            if (spans.length < 7) next();
            else done(spans.sort((a, b) => a - b)[3]);
          }, 0);
        });
      };
      next();
    });
    await browser.execute(() => {
      performance.clearMarks();
    });
    // The click and the wait for the painted rows happen in the page, in one script: timed on the page's
    // clock like the marks, and no WebDriver request polls the page while it renders (polling every
    // 20 ms from outside added tasks to the very frames being measured).
    await browser.setTimeout({ script: TIMEOUT + 10_000 });
    const { clickedAt, paintedAt } = await browser.executeAsync(
      (target, mark, timeoutMs, done) => {
        const origin = performance.timeOrigin ?? Date.now() - performance.now();
        const clicked = origin + performance.now();
        const finish = (painted) => {
          observer.disconnect();
          clearTimeout(timer);
          done({ clickedAt: clicked, paintedAt: painted });
        };
        const observer = new PerformanceObserver(() => {
          const entry = performance.getEntriesByName(mark).at(-1);
          if (entry !== undefined) finish(origin + entry.startTime);
        });
        const timer = setTimeout(() => {
          finish(null);
        }, timeoutMs);
        observer.observe({ type: "mark" });
        target.click();
      },
      node,
      "keystead:secrets-painted",
      TIMEOUT,
    );
    if (paintedAt === null) {
      const state = await browser.execute(() => ({
        marks: performance.getEntriesByType("mark").map((entry) => entry.name),
        rows: document.querySelectorAll('[data-testid^="secret-row-"]').length,
        title: document.querySelector('[data-testid="secrets-title"]')?.textContent ?? null,
      }));
      throw new Error(`the page never set keystead:secrets-painted; page: ${JSON.stringify(state)}`);
    }
    const dataAt = await markAt(browser, "keystead:secrets-data");
    const renderedAt = await markAt(browser, "keystead:secrets-rendered");
    const frameAt = await markAt(browser, "keystead:secrets-painted:frame");
    const rows = await browser.execute(() => document.querySelectorAll('[data-testid^="secret-row-"]').length);
    const elements = await browser.execute(() => document.getElementsByTagName("*").length);
    // Scrolling through the namespace: 240 frames, each moving the table's box by 120 px (two rows),
    // from the top down; the gaps between frames say how smooth it is (16.7 ms is 60 fps).
    const scroll = await scrollFrames(browser, false);
    if (scroll === null) throw new Error("the secrets table's scroll box (secrets-table-scroll) was not found");
    // The same scroll through a box of the same size holding 10 000 lines of static text, no script and no
    // React: what WebKit itself needs per scrolled frame on this display, the floor under the table's figure.
    const plainScroll = (await scrollFrames(browser, true)).gaps;
    await sleep(SETTLE_MS);
    const opened = memoryOfApp(spawn.pid);
    return {
      ...cold,
      memoryOpened: opened,
      openClickToDataMs: dataAt - clickedAt,
      openDataToPaintMs: paintedAt - dataAt,
      openDataToDomMs: renderedAt - dataAt,
      openDomToPaintMs: paintedAt - renderedAt,
      openDomToFrameMs: frameAt - renderedAt,
      openFrameToPaintMs: paintedAt - frameAt,
      openClickToPaintMs: paintedAt - clickedAt,
      idleFrameMs,
      rowsInDom: rows,
      elementsInDom: elements,
      scroll,
      plainScroll,
    };
  } finally {
    await browser.deleteSession().catch(() => undefined);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
for (let run = 1; run <= runs; run += 1) {
  const result = await measureOnce(run > runs - openRuns);
  results.push(result);
  console.error(JSON.stringify({ run, ...result }));
  // The previous app must be gone before the next cold start.
  await sleep(500);
}
const med = (f) => median(results.map(f));
const opened = results.filter((r) => r.memoryOpened !== undefined);
const medOpened = (f) => median(opened.map(f));
const ms = (value) => `${value.toFixed(0)} ms`;
const ms1 = (value) => `${value.toFixed(1)} ms`;
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const mb = (value) => `${value.toFixed(1)} MB`;
const cold = results.map((r) => r.coldStartMs);
const binaryBytes = Number(process.env.KEYSTEAD_BENCH_BINARY_BYTES ?? NaN);
const rows = [
  ["cold start: exec of the app to the unlock screen's passphrase input painted", "≤ 1 s",
    `${ms(med((r) => r.coldStartMs))} (first run ${ms(cold[0])}, slowest ${ms(Math.max(...cold))})`],
  ["  (WebDriver session request to the input found, for comparison)", "", ms(med((r) => r.driverSawInputMs))],
  ["app process memory after start (RSS / PSS)", "≤ 150 MB",
    `${mb(med((r) => r.memoryStarted.app.rss))} / ${mb(med((r) => r.memoryStarted.app.pss))}`],
  [`app process memory with ${secrets} secrets on screen (RSS / PSS)`, "≤ 150 MB",
    `${mb(medOpened((r) => r.memoryOpened.app.rss))} / ${mb(medOpened((r) => r.memoryOpened.app.pss))}`],
  ["  of that RSS: the Keystead binary, the heap and anonymous memory (GTK's and WebKit's included)", "",
    mb(medOpened((r) => r.memoryOpened.app.owners.keystead))],
  ["  of that RSS: Mesa's software GL (llvmpipe, Xvfb's stand-in for a GPU driver; GTK and WebKitGTK load it unless kept from OpenGL, src-tauri/src/webview.rs)", "",
    mb(medOpened((r) => r.memoryOpened.app.owners.softwareGl))],
  ["  of that RSS: other shared libraries (WebKitGTK, JavaScriptCore, GTK, …)", "",
    mb(medOpened((r) => r.memoryOpened.app.owners.libraries))],
  [`WebKit processes (${results[0].memoryStarted.web.processes}) after start, RSS / PSS (not in the goal)`, "",
    `${mb(med((r) => r.memoryStarted.web.rss))} / ${mb(med((r) => r.memoryStarted.web.pss))}`],
  [`WebKit processes with ${secrets} secrets on screen, RSS / PSS (not in the goal)`, "",
    `${mb(medOpened((r) => r.memoryOpened.web.rss))} / ${mb(medOpened((r) => r.memoryOpened.web.pss))}`],
  [`open a namespace of ${secrets} secrets: data arrived to first paint`, "≤ 100 ms", ms(medOpened((r) => r.openDataToPaintMs))],
  ["  data arrived to rows in the DOM (React render and commit)", "", ms(medOpened((r) => r.openDataToDomMs))],
  ["  rows in the DOM to painted", "", ms(medOpened((r) => r.openDomToPaintMs))],
  ["    rows in the DOM to the next frame's start (scripts, effects, other tasks)", "", ms(medOpened((r) => r.openDomToFrameMs))],
  ["    frame start to painted (WebKit style, layout, paint)", "", ms(medOpened((r) => r.openFrameToPaintMs))],
  ["  an idle frame (requestAnimationFrame to after its paint, nothing new to draw; median of 7)", "", ms(medOpened((r) => r.idleFrameMs))],
  ["  click to data arrived (IPC and the core's listing)", "", ms(medOpened((r) => r.openClickToDataMs))],
  ["  click to first paint", "", ms(medOpened((r) => r.openClickToPaintMs))],
  ["  secret rows in the DOM after the first paint", "", String(opened[0].rowsInDom)],
  ["  elements in the whole document then", "", String(opened[0].elementsInDom)],
  [`scroll through the ${secrets} secrets: 240 frames of 120 px each, median frame interval`, "≤ 16.7 ms (60 fps)",
    ms1(medOpened((r) => median(r.scroll.gaps)))],
  ["  95th percentile frame interval / frames over 25 ms", "",
    `${ms1(medOpened((r) => percentile(r.scroll.gaps, 0.95)))} / ${medOpened((r) => r.scroll.gaps.filter((gap) => gap > 25).length)} of 240`],
  ["  secret rows in the DOM while scrolling (end of the scroll)", "", String(opened[0].scroll.rows)],
  ["  the same scroll through a box of 10 000 lines of static text (no script): median / p95 frame interval", "",
    `${ms1(medOpened((r) => median(r.plainScroll)))} / ${ms1(medOpened((r) => percentile(r.plainScroll, 0.95)))}`],
  ["release binary size (target/desktop/keystead-desktop)", "≤ 15 MB", Number.isNaN(binaryBytes) ? "not given" : `${mb(binaryBytes / 1e6)} (${binaryBytes} bytes)`],
];
console.log(`| measure (median of ${runs} cold starts; the namespace opened in ${openRuns} of them) | goal | result |`);
console.log("|---|---|---|");
for (const [what, goal, value] of rows) console.log(`| ${what} | ${goal} | ${value} |`);
