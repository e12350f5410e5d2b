import { describe, expect, it } from "vitest";

import { formatTime } from "./formatTime";

describe("formatTime", () => {
  it("prints what toLocaleString prints, in the user's locale and time zone", () => {
    for (const instant of ["2026-12-03T02:30:00Z", "2024-02-29T23:59:59.999Z", "1999-12-31T00:00:00+05:30"]) {
      expect(formatTime(instant)).toBe(new Date(instant).toLocaleString());
    }
  });

  it("gives back text that is not an instant as it came", () => {
    expect(formatTime("next tuesday")).toBe("next tuesday");
    expect(formatTime("")).toBe("");
  });
});
