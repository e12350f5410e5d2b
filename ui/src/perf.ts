/**
 * Moments on the page's performance timeline that `make bench` reads through WebDriver
 * (benches/desktop.mjs): when the unlock screen can be typed into, and when a namespace's secrets
 * arrived from the host, were in the DOM (React committed them) and were painted. Marks hold names
 * and times only, never data.
 */
export const MARKS = {
  unlockInteractive: "keystead:unlock-interactive",
  secretsData: "keystead:secrets-data",
  secretsRendered: "keystead:secrets-rendered",
  secretsPainted: "keystead:secrets-painted",
} as const;

/** Marks `name` now; only the latest mark of a name is kept, so a long session does not pile them up. */
export function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

/**
 * Marks `name` once the DOM as it is now has been painted: a requestAnimationFrame callback runs just
 * before the next frame is painted (marked `name:frame`: what came before was script), and a task queued
 * from it runs after that paint.
 */
export function markAfterPaint(name: string): void {
  requestAnimationFrame(() => {
    mark(`${name}:frame`);
    setTimeout(() => {
      mark(name);
    }, 0);
  });
}
