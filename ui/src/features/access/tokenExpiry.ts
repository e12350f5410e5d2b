import type { ApiTokenDto } from "../../bindings/ApiTokenDto";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A token whose expiry is nearer than this is flagged in the list. */
export const EXPIRES_SOON_MS = 7 * DAY;

/** The max-age choices of the create dialog: ISO-8601 durations, or never. */
export const MAX_AGE_PRESETS = [
  { value: "P7D", label: "7 days" },
  { value: "P30D", label: "30 days" },
  { value: "P90D", label: "90 days" },
  { value: "never", label: "Never" },
] as const;

export type MaxAgePreset = (typeof MAX_AGE_PRESETS)[number]["value"];

export function maxAgeOf(preset: MaxAgePreset): string | null {
  return preset === "never" ? null : preset;
}

/** `P30D` as "30 days"; other durations as the core wrote them. */
export function describeMaxAge(maxAge: string | null): string {
  if (maxAge === null) return "never expires";
  const days = /^P(\d+)D$/.exec(maxAge)?.[1];
  if (days === undefined) return maxAge;
  return days === "1" ? "1 day" : `${days} days`;
}

/** The two largest units of a span: "6 d 23 h", "5 h 12 min", "4 min 10 s", "42 s". */
export function describeSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const days = Math.floor(total / (DAY / SECOND));
  const hours = Math.floor((total % (DAY / SECOND)) / (HOUR / SECOND));
  const minutes = Math.floor((total % (HOUR / SECOND)) / (MINUTE / SECOND));
  const seconds = total % (MINUTE / SECOND);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (days > 0) return pair(days, "d", hours, "h");
  if (hours > 0) return pair(hours, "h", minutes, "min");
  if (minutes > 0) return pair(minutes, "min", seconds, "s");
  return `${seconds} s`;
}

/** "in 6 d 23 h" or "3 d 2 h ago". */
export function relativeTo(at: string, now: number): string {
  const delta = Date.parse(at) - now;
  if (Number.isNaN(delta)) return at;
  return delta > 0 ? `in ${describeSpan(delta)}` : `${describeSpan(-delta)} ago`;
}

/**
 * Where a token stands at `now`. The core's `revoked`/`expired` are as of the listing; the instants decide
 * once the page has been open a while. A rotated token works until its (future) `revoked_at`: its grace.
 */
export type TokenState =
  | { kind: "active" }
  | { kind: "grace"; until: string }
  | { kind: "revoked"; at: string | null }
  | { kind: "expired"; at: string | null };

export function tokenState(token: ApiTokenDto, now: number): TokenState {
  const revokedAt = token.revoked_at === null ? NaN : Date.parse(token.revoked_at);
  if (token.revoked || revokedAt <= now) return { kind: "revoked", at: token.revoked_at };
  const expiresAt = token.expires_at === null ? NaN : Date.parse(token.expires_at);
  if (token.expired || expiresAt <= now) return { kind: "expired", at: token.expires_at };
  if (token.revoked_at !== null) return { kind: "grace", until: token.revoked_at };
  return { kind: "active" };
}

/** A usable token that stops working within seven days (by expiry, or by the end of its rotation grace). */
export function expiresSoon(token: ApiTokenDto, now: number): boolean {
  const state = tokenState(token, now);
  if (state.kind === "grace") return Date.parse(state.until) - now < EXPIRES_SOON_MS;
  if (state.kind !== "active" || token.expires_at === null) return false;
  return Date.parse(token.expires_at) - now < EXPIRES_SOON_MS;
}
