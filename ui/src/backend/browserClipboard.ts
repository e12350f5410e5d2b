// Copy and clear in a browser page. The desktop writes the OS clipboard from Rust; a page has only the
// async Clipboard API, which a browser grants to secure pages (HTTPS or localhost) and, for writes, only
// while the page has focus. So the clear after the delay is best effort, and its outcome is reported.
import { BackendError, type ClearOutcome, type CopyOutcome } from "./backend";

/** Seconds a copied value stays on the clipboard (the desktop's default). */
export const CLEAR_AFTER_SECS = 30;

/** What the copy logic needs from the page (a seam so unit tests use a fake). */
export interface PageClipboard {
  /** `undefined` where the browser gives the page no clipboard (an insecure origin). */
  clipboard: Pick<Clipboard, "writeText" | "readText" | "write"> | undefined;
  /** Whether the page may read the clipboard without a permission prompt (it never asks). */
  canRead: () => Promise<boolean>;
  hasFocus: () => boolean;
}

export function pageClipboard(): PageClipboard {
  return {
    // Typed as always present, but absent on insecure origins.
    clipboard: navigator.clipboard,
    canRead: async () => {
      try {
        const status = await navigator.permissions.query({ name: "clipboard-read" as PermissionName });
        return status.state === "granted";
      } catch {
        return false; // Browsers that do not know the permission name.
      }
    },
    hasFocus: () => document.hasFocus(),
  };
}

export interface BrowserClipboard {
  /**
   * Writes the text `load` resolves to and schedules the clear. Without a clipboard it fails before calling
   * `load` (no value is asked for). `load` is called at once, inside the click that asked for the copy:
   * browsers that accept a write only there get the value as a promise.
   */
  copy(load: () => Promise<string>): Promise<CopyOutcome>;
}

const NO_CLIPBOARD =
  "This browser gives the page no clipboard access (it needs HTTPS or a localhost address): reveal the value and copy it by hand.";

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createBrowserClipboard(page: PageClipboard = pageClipboard(), clearAfterSecs = CLEAR_AFTER_SECS): BrowserClipboard {
  // Only the latest copy may clear: an earlier timer must not wipe a later value.
  let latest = 0;

  const notFocused =
    `The browser lets a page write the clipboard only while the page has focus, and it did not have it when the ` +
    `${String(clearAfterSecs)} s were up: the copied value may still be on the clipboard. Copy something else to replace it.`;

  async function clear(clipboard: NonNullable<PageClipboard["clipboard"]>, text: string, copy: number): Promise<ClearOutcome> {
    if (copy !== latest) return { kind: "superseded" };
    if (!page.hasFocus()) return { kind: "not_cleared", reason: notFocused };
    if (await page.canRead()) {
      try {
        if ((await clipboard.readText()) !== text) return { kind: "changed" };
      } catch {
        // Unreadable after all: clear anyway. Losing other content is the lesser harm (as on the desktop).
      }
    }
    try {
      await clipboard.writeText("");
      return { kind: "cleared" };
    } catch (error) {
      return { kind: "not_cleared", reason: `The browser refused to clear the clipboard (${reasonOf(error)}): copy something else to replace the value.` };
    }
  }

  return {
    async copy(load) {
      const clipboard = page.clipboard;
      if (clipboard === undefined) throw new BackendError("clipboard", NO_CLIPBOARD);
      const copy = ++latest;
      const pending = load();
      let written: Promise<boolean> | null = null;
      if (typeof ClipboardItem === "function") {
        try {
          const blob = pending.then((text) => new Blob([text], { type: "text/plain" }));
          written = clipboard.write([new ClipboardItem({ "text/plain": blob })]).then(
            () => true,
            () => false,
          );
        } catch {
          written = null; // A ClipboardItem that takes no promise: write the text once it is here.
        }
      }
      // The host's refusal (forbidden, not found) comes first.
      const text = await pending;
      if (written === null || !(await written)) {
        try {
          await clipboard.writeText(text);
        } catch (error) {
          throw new BackendError("clipboard", `The browser did not let Keystead write the clipboard: ${reasonOf(error)}`);
        }
      }
      const cleared = new Promise<ClearOutcome>((resolve) => {
        window.setTimeout(() => {
          void clear(clipboard, text, copy).then(resolve);
        }, clearAfterSecs * 1000);
      });
      return { clear_after_secs: clearAfterSecs, clear: cleared };
    },
  };
}
