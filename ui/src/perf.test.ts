import { afterEach, describe, expect, it } from "vitest";

import { mark, markAfterPaint } from "./perf";

const waitForFrame = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => {
      setTimeout(resolve, 10);
    });
  });

describe("performance marks", () => {
  afterEach(() => {
    performance.clearMarks();
  });

  it("marks only after the next frame, not when called", async () => {
    markAfterPaint("test:painted");
    expect(performance.getEntriesByName("test:painted")).toHaveLength(0);
    await waitForFrame();
    expect(performance.getEntriesByName("test:painted")).toHaveLength(1);
    // The frame began before the paint was over.
    const [frame] = performance.getEntriesByName("test:painted:frame");
    expect(frame?.startTime).toBeLessThanOrEqual(performance.getEntriesByName("test:painted")[0]?.startTime ?? 0);
  });

  it("keeps only the latest mark of a name", async () => {
    mark("test:data");
    await waitForFrame();
    mark("test:data");
    const entries = performance.getEntriesByName("test:data");
    expect(entries).toHaveLength(1);
  });
});
