import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { BackendError } from "./backend";
import { createBrowserClipboard, type PageClipboard } from "./browserClipboard";

/** A page whose clipboard is a string; `readable` says whether the page may read it without a prompt. */
function fakePage({ readable = true, focused = true, writeRefused = false } = {}) {
  const state = { text: "", focused, writes: [] as string[] };
  const clipboard: NonNullable<PageClipboard["clipboard"]> = {
    writeText: (text: string) => {
      if (!state.focused || writeRefused) return Promise.reject(new DOMException("Document is not focused.", "NotAllowedError"));
      state.text = text;
      state.writes.push(text);
      return Promise.resolve();
    },
    readText: () => Promise.resolve(state.text),
    write: () => Promise.reject(new DOMException("no rich clipboard here", "NotAllowedError")),
  };
  const page: PageClipboard = { clipboard, canRead: () => Promise.resolve(readable), hasFocus: () => state.focused };
  return { page, state };
}

/** jsdom's Blob has no `text()`. */
function readBlob(blob: Blob | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (blob === undefined) {
      reject(new Error("no blob"));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      resolve(reader.result);
    };
    reader.onerror = () => {
      reject(new Error("unreadable blob"));
    };
    reader.readAsText(blob);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("browser clipboard", () => {
  it("writes the value and clears it after the delay when it is still there", async () => {
    const { page, state } = fakePage();
    const outcome = await createBrowserClipboard(page, 30).copy(() => Promise.resolve("s3cr3t"));
    expect(state.text).toBe("s3cr3t");
    expect(outcome.clear_after_secs).toBe(30);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(state.text).toBe("s3cr3t");
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(outcome.clear).resolves.toEqual({ kind: "cleared" });
    expect(state.text).toBe("");
  });

  it("leaves other content the user copied since alone", async () => {
    const { page, state } = fakePage();
    const outcome = await createBrowserClipboard(page, 30).copy(() => Promise.resolve("s3cr3t"));
    state.text = "something else";
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(outcome.clear).resolves.toEqual({ kind: "changed" });
    expect(state.text).toBe("something else");
  });

  it("clears without checking when the page may not read the clipboard (as the desktop does)", async () => {
    const { page, state } = fakePage({ readable: false });
    const outcome = await createBrowserClipboard(page, 30).copy(() => Promise.resolve("s3cr3t"));
    state.text = "something else";
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(outcome.clear).resolves.toEqual({ kind: "cleared" });
    expect(state.text).toBe("");
  });

  it("lets only the latest copy clear", async () => {
    const { page, state } = fakePage();
    const clipboard = createBrowserClipboard(page, 30);
    const first = await clipboard.copy(() => Promise.resolve("one"));
    await vi.advanceTimersByTimeAsync(10_000);
    const second = await clipboard.copy(() => Promise.resolve("two"));
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(first.clear).resolves.toEqual({ kind: "superseded" });
    expect(state.text).toBe("two");
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(second.clear).resolves.toEqual({ kind: "cleared" });
  });

  it("says it could not clear when the page has lost focus", async () => {
    const { page, state } = fakePage();
    const outcome = await createBrowserClipboard(page, 30).copy(() => Promise.resolve("s3cr3t"));
    state.focused = false;
    await vi.advanceTimersByTimeAsync(30_000);
    const result = await outcome.clear;
    expect(result?.kind).toBe("not_cleared");
    expect(result?.kind === "not_cleared" && result.reason).toMatch(/only while the page has focus/);
    expect(state.text).toBe("s3cr3t");
  });

  it("fails with the host's error and writes nothing when the value is refused", async () => {
    const { page, state } = fakePage();
    const refused = new BackendError("forbidden", "needs admin");
    await expect(createBrowserClipboard(page, 30).copy(() => Promise.reject(refused))).rejects.toBe(refused);
    expect(state.writes).toEqual([]);
  });

  it("fails as a clipboard error without asking for the value where the page has no clipboard", async () => {
    const load = vi.fn(() => Promise.resolve("s3cr3t"));
    const page: PageClipboard = { clipboard: undefined, canRead: () => Promise.resolve(false), hasFocus: () => true };
    const error: unknown = await createBrowserClipboard(page, 30).copy(load).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe("clipboard");
    expect(load).not.toHaveBeenCalled();
  });

  it("reports a refused write as a clipboard error", async () => {
    const { page } = fakePage({ writeRefused: true });
    const error: unknown = await createBrowserClipboard(page, 30).copy(() => Promise.resolve("s3cr3t")).catch((e: unknown) => e);
    expect((error as BackendError).code).toBe("clipboard");
  });

  it("hands the value to a ClipboardItem as a promise inside the click, where the browser has one", async () => {
    vi.useRealTimers(); // jsdom's FileReader reports through timers.
    const items: Record<string, Promise<Blob>>[] = [];
    vi.stubGlobal(
      "ClipboardItem",
      class {
        readonly types = ["text/plain"];
        constructor(item: Record<string, Promise<Blob>>) {
          items.push(item);
        }
      },
    );
    const { page, state } = fakePage();
    const write = vi.fn(() => Promise.resolve());
    page.clipboard = { ...(page.clipboard as NonNullable<PageClipboard["clipboard"]>), write };
    let resolveValue: (value: string) => void = () => undefined;
    const copying = createBrowserClipboard(page, 30).copy(() => new Promise<string>((resolve) => (resolveValue = resolve)));
    // Written before the value arrived: the browser still sees the click's activation.
    expect(write).toHaveBeenCalledTimes(1);
    resolveValue("s3cr3t");
    await copying;
    const blob = await items[0]?.["text/plain"];
    expect(blob?.type).toBe("text/plain");
    expect(await readBlob(blob)).toBe("s3cr3t");
    expect(state.writes).toEqual([]);
  });
});
