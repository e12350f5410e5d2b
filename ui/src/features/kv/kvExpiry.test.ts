import { describe, expect, it } from "vitest";

import { countdown, deadlineOf, expiryRequest, initialExpiry, TTL_PRESETS, type ExpiryState } from "./kvExpiry";
import { toLocalInput } from "./kvValue";

const NOW = Date.parse("2026-01-10T12:00:00Z");
const state = (changes: Partial<ExpiryState>): ExpiryState => ({ ...initialExpiry("keep"), ...changes });

describe("expiryRequest", () => {
  it("keeps by default on an edit and sends clear for a new pair without expiry", () => {
    expect(expiryRequest(initialExpiry("keep"), NOW)).toEqual({ ok: true, expiry: { mode: "keep" } });
    expect(expiryRequest(initialExpiry("clear"), NOW)).toEqual({ ok: true, expiry: { mode: "clear" } });
  });

  it.each([
    ["PT15M", "15 min"],
    ["PT1H", "1 hour"],
    ["P1D", "1 day"],
    ["P7D", "7 days"],
    ["P30D", "30 days"],
  ])("the %s preset is labelled %s and sent as that TTL", (ttl, label) => {
    const preset = TTL_PRESETS.find((p) => p.label === label);
    expect(preset?.value).toBe(ttl);
    expect(expiryRequest(state({ mode: "ttl", preset: ttl }), NOW)).toEqual({ ok: true, expiry: { mode: "ttl", ttl } });
  });

  it("sends another TTL as typed, and refuses one the core would refuse", () => {
    expect(expiryRequest(state({ mode: "ttl", preset: "other", otherTtl: " PT90M " }), NOW)).toEqual({
      ok: true,
      expiry: { mode: "ttl", ttl: "PT90M" },
    });
    for (const [ttl, why] of [
      ["90 minutes", /ISO-8601/],
      ["PT0S", /longer than zero/],
      ["P36501D", /100 years/],
    ] as const) {
      const result = expiryRequest(state({ mode: "ttl", preset: "other", otherTtl: ttl }), NOW);
      expect(result.ok ? null : result.field).toBe("otherTtl");
      expect(result.ok ? "" : result.error).toMatch(why);
    }
  });

  it("sends an absolute time entered in local time as UTC, and refuses a past one", () => {
    const at = toLocalInput(new Date(NOW + 3_600_000));
    expect(expiryRequest(state({ mode: "at", at }), NOW)).toEqual({
      ok: true,
      expiry: { mode: "at", expires_at: "2026-01-10T13:00:00.000Z" },
    });
    const past = expiryRequest(state({ mode: "at", at: toLocalInput(new Date(NOW - 1000)) }), NOW);
    expect(past.ok ? null : [past.field, past.error]).toEqual(["at", "That time is in the past: pick a later one, or a TTL"]);
    const empty = expiryRequest(state({ mode: "at", at: "" }), NOW);
    expect(empty.ok ? null : [empty.field, empty.error]).toEqual(["at", "Pick the date and time it expires"]);
  });
});

describe("countdown", () => {
  it("runs from the seconds left the core reported, not from the local clock against expires_at", () => {
    const readAt = NOW;
    const deadline = deadlineOf(3_600, readAt);
    expect(deadline).toBe(NOW + 3_600_000);
    expect(countdown(deadline, NOW + 2_000)).toBe("in 59 min 58 s");
    expect(countdown(deadline, NOW + 3_600_000)).toBe("expired");
    expect(deadlineOf(null, readAt)).toBeNull();
    expect(countdown(null, NOW)).toBe("never expires");
  });
});
