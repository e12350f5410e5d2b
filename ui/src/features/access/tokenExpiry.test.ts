import { describe, expect, it } from "vitest";

import { tokenItem } from "../../test/accessFixtures";
import { describeMaxAge, describeSpan, expiresSoon, relativeTo, tokenState } from "./tokenExpiry";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

describe("describeSpan", () => {
  it("says the two largest units", () => {
    expect(describeSpan(6 * DAY + 23 * 3_600_000 + 59_000)).toBe("6 d 23 h");
    expect(describeSpan(30 * DAY)).toBe("30 d");
    expect(describeSpan(5 * 3_600_000 + 12 * 60_000 + 5_000)).toBe("5 h 12 min");
    expect(describeSpan(4 * 60_000 + 10_000)).toBe("4 min 10 s");
    expect(describeSpan(42_400)).toBe("42 s");
    expect(describeSpan(-5)).toBe("0 s");
  });

  it("is relative to now in both directions", () => {
    expect(relativeTo(at(2 * DAY), NOW)).toBe("in 2 d");
    expect(relativeTo(at(-3 * 3_600_000), NOW)).toBe("3 h ago");
  });
});

describe("describeMaxAge", () => {
  it("reads day durations as days and keeps others as the core wrote them", () => {
    expect(describeMaxAge("P30D")).toBe("30 days");
    expect(describeMaxAge("P1D")).toBe("1 day");
    expect(describeMaxAge("PT12H")).toBe("PT12H");
    expect(describeMaxAge(null)).toBe("never expires");
  });
});

describe("tokenState and expiresSoon", () => {
  it("flags a usable token that expires within seven days, and only that", () => {
    expect(expiresSoon(tokenItem({ expires_at: at(6 * DAY + 23 * 3_600_000) }), NOW)).toBe(true);
    expect(expiresSoon(tokenItem({ expires_at: at(7 * DAY + 60_000) }), NOW)).toBe(false);
    expect(expiresSoon(tokenItem({ expires_at: null }), NOW)).toBe(false);
    expect(expiresSoon(tokenItem({ expires_at: at(DAY), revoked: true, revoked_at: at(-DAY) }), NOW)).toBe(false);
    expect(expiresSoon(tokenItem({ expires_at: at(-DAY) }), NOW)).toBe(false);
  });

  it("counts a rotated token's grace end as its end", () => {
    const rotated = tokenItem({ expires_at: at(60 * DAY), revoked_at: at(DAY) });
    expect(tokenState(rotated, NOW)).toEqual({ kind: "grace", until: at(DAY) });
    expect(expiresSoon(rotated, NOW)).toBe(true);
  });

  it("decides by the instants once the listing is old", () => {
    const listedActive = tokenItem({ expires_at: at(-1_000) });
    expect(tokenState(listedActive, NOW).kind).toBe("expired");
    const graceOver = tokenItem({ expires_at: null, revoked_at: at(-1_000) });
    expect(tokenState(graceOver, NOW).kind).toBe("revoked");
  });
});
