// The expiry a write asks for. Editing keeps the expiry unless the person changes or removes it on
// purpose; a TTL becomes an absolute time in the core, so it is shown as one.
import type { KvExpiry } from "../../bindings/KvExpiry";
import { describeSpan } from "../access/tokenExpiry";
import { durationSeconds, parseInstant } from "./kvValue";

/** The core refuses TTLs (and times) further away than this: 100 years. */
const MAX_TTL_SECONDS = 36_500 * 86_400;

export const TTL_PRESETS = [
  { value: "PT15M", label: "15 min" },
  { value: "PT1H", label: "1 hour" },
  { value: "P1D", label: "1 day" },
  { value: "P7D", label: "7 days" },
  { value: "P30D", label: "30 days" },
  { value: "other", label: "Other" },
] as const;

/** keep: as stored (edits); ttl: now + a duration; at: a time; clear: never expires. */
export type ExpiryMode = "keep" | "ttl" | "at" | "clear";

export interface ExpiryState {
  mode: ExpiryMode;
  /** A preset's ISO duration, or "other" for `otherTtl`. */
  preset: string;
  otherTtl: string;
  /** A datetime-local text, in your time zone. */
  at: string;
}

export type ExpiryRequest = { ok: true; expiry: KvExpiry } | { ok: false; field: "otherTtl" | "at"; error: string };

export function initialExpiry(mode: "keep" | "clear"): ExpiryState {
  return { mode, preset: "PT1H", otherTtl: "", at: "" };
}

/** Why a typed TTL would be refused, or null. */
export function ttlError(text: string): string | null {
  const seconds = durationSeconds(text);
  if (seconds === null) return "Enter an ISO-8601 duration such as PT90M, PT12H or P14D";
  if (seconds === 0) return "The TTL must be longer than zero";
  if (seconds > MAX_TTL_SECONDS) return "At most 100 years (P36500D); choose No expiry for a pair that stays";
  return null;
}

/** Why a chosen time would be refused at `now`, or null. */
export function atError(text: string, now: number): string | null {
  const at = parseInstant(text);
  if (at === null) return "Pick the date and time it expires";
  if (at.getTime() <= now) return "That time is in the past: pick a later one, or a TTL";
  if (at.getTime() - now > MAX_TTL_SECONDS * 1000) return "At most 100 years from now";
  return null;
}

/** The `expiry` of a write, or the field that stops it. */
export function expiryRequest(state: ExpiryState, now: number): ExpiryRequest {
  switch (state.mode) {
    case "keep":
      return { ok: true, expiry: { mode: "keep" } };
    case "clear":
      return { ok: true, expiry: { mode: "clear" } };
    case "ttl": {
      if (state.preset !== "other") return { ok: true, expiry: { mode: "ttl", ttl: state.preset } };
      const error = ttlError(state.otherTtl);
      return error === null
        ? { ok: true, expiry: { mode: "ttl", ttl: state.otherTtl.trim() } }
        : { ok: false, field: "otherTtl", error };
    }
    case "at": {
      const error = atError(state.at, now);
      const at = parseInstant(state.at);
      return error === null && at !== null
        ? { ok: true, expiry: { mode: "at", expires_at: at.toISOString() } }
        : { ok: false, field: "at", error: error ?? "Pick the date and time it expires" };
    }
  }
}

/**
 * When a pair disappears, in this page's clock: the seconds left that the core reported, from when the
 * answer arrived. The web console's clock may differ from the server's; this stays right regardless.
 */
export function deadlineOf(expiresIn: number | null, readAt: number): number | null {
  return expiresIn === null ? null : readAt + expiresIn * 1000;
}

/** "in 59 min 58 s", "expired", or "never expires". Part seconds count as a second, as in the core's `expires_in`. */
export function countdown(deadline: number | null, now: number): string {
  if (deadline === null) return "never expires";
  return deadline <= now ? "expired" : `in ${describeSpan(Math.ceil((deadline - now) / 1000) * 1000)}`;
}


/** The `expiry` of a write sent now. */
export function expiryRequestNow(state: ExpiryState): ExpiryRequest {
  return expiryRequest(state, Date.now());
}
