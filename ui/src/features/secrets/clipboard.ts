/** How long a revealed or copied value stays available before it is hidden or cleared. */
export const EXPOSURE_MS = 30_000;

/**
 * Copies a value that is still being fetched, then clears the clipboard after `delayMs` if it still
 * holds that value. WebKit only lets a page write the clipboard during the click that asked for it;
 * handing it a `ClipboardItem` whose content is a promise keeps that permission while the value comes
 * back from the host. Must be called synchronously from the click handler.
 */
export async function copyWithAutoClear(
  value: Promise<string>,
  onClearRefused: () => void,
  delayMs = EXPOSURE_MS,
): Promise<void> {
  if (typeof ClipboardItem !== "undefined" && typeof navigator.clipboard.write === "function") {
    const blob = value.then((text) => new Blob([text], { type: "text/plain" }));
    await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
  } else {
    await navigator.clipboard.writeText(await value);
  }
  const copied = await value;
  window.setTimeout(() => {
    void clearIfStillHolds(copied).then((cleared) => {
      if (!cleared) onClearRefused();
    });
  }, delayMs);
}

/**
 * When the clipboard cannot be read back, it is cleared anyway: losing unrelated clipboard content
 * is the lesser harm than leaving a secret there. Resolves to false when the platform refuses the
 * write (WebKitGTK allows clipboard writes only during a user gesture, and a timer is not one).
 */
async function clearIfStillHolds(value: string): Promise<boolean> {
  let current: string | null = null;
  try {
    current = await navigator.clipboard.readText();
  } catch {
    current = null;
  }
  if (current !== null && current !== value) return true;
  return navigator.clipboard.writeText("").then(
    () => true,
    () => false,
  );
}
