import { afterEach, describe, expect, it, vi } from "vitest";

import { copyWithAutoClear } from "./clipboard";

function fakeClipboard(options: { refuseClear?: boolean } = {}) {
  let content = "";
  const clipboard = {
    writeText: vi.fn((text: string) => {
      if (options.refuseClear === true && text === "") return Promise.reject(new Error("NotAllowedError"));
      content = text;
      return Promise.resolve();
    }),
    readText: vi.fn(() => Promise.resolve(content)),
    get content() {
      return content;
    },
  };
  Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });
  return clipboard;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("copyWithAutoClear", () => {
  it("clears the clipboard after the delay when it still holds the value", async () => {
    vi.useFakeTimers();
    const clipboard = fakeClipboard();
    const refused = vi.fn();

    await copyWithAutoClear(Promise.resolve("s3cret"), refused, 1000);
    expect(clipboard.content).toBe("s3cret");
    await vi.advanceTimersByTimeAsync(1001);

    expect(clipboard.content).toBe("");
    expect(refused).not.toHaveBeenCalled();
  });

  it("leaves other content alone when the user copied something else meanwhile", async () => {
    vi.useFakeTimers();
    const clipboard = fakeClipboard();

    await copyWithAutoClear(Promise.resolve("s3cret"), vi.fn(), 1000);
    await clipboard.writeText("unrelated");
    await vi.advanceTimersByTimeAsync(1001);

    expect(clipboard.content).toBe("unrelated");
  });

  it("reports when the platform refuses to clear", async () => {
    vi.useFakeTimers();
    fakeClipboard({ refuseClear: true });
    const refused = vi.fn();

    await copyWithAutoClear(Promise.resolve("s3cret"), refused, 1000);
    await vi.advanceTimersByTimeAsync(1001);

    expect(refused).toHaveBeenCalledOnce();
  });
});
