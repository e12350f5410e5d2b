// A KV value as the form edits it (text, one field for every type) and as the host takes it (typed
// JSON). The form refuses what would not fit the type before asking the host; the core checks again.
import type { KvType } from "../../bindings/KvType";

export const KV_TYPES: readonly { value: KvType; label: string; hint: string }[] = [
  { value: "string", label: "string", hint: "Any text." },
  { value: "number", label: "number", hint: "A decimal number, for example 42 or 3.14." },
  { value: "boolean", label: "boolean", hint: "true or false." },
  { value: "datetime", label: "datetime", hint: "A point in time, entered in your time zone and stored in UTC." },
  { value: "date", label: "date", hint: "A calendar date, YYYY-MM-DD." },
  { value: "duration", label: "duration", hint: "ISO-8601 days, hours, minutes, seconds: PT5M, PT1H30M, P1D." },
  { value: "json", label: "json", hint: 'Any JSON document, for example {"cursor": 17}.' },
];

export type ParsedValue = { ok: true; value: unknown } | { ok: false; error: string };

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What a datetime-local input holds: wall-clock time without an offset. */
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** The core's grammar (src/model/iso_duration.rs): days, then T with hours, minutes, seconds in order. */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const ok = (value: unknown): ParsedValue => ({ ok: true, value });
const fail = (error: string): ParsedValue => ({ ok: false, error });

/** Seconds in an ISO-8601 duration of the core's grammar; null when it is not one. */
export function durationSeconds(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (match === null) return null;
  const [, days, hours, minutes, seconds] = match;
  const hasTime = text.includes("T");
  if (days === undefined && !hasTime) return null;
  if (hasTime && hours === undefined && minutes === undefined && seconds === undefined) return null;
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return n(days) * 86_400 + n(hours) * 3_600 + n(minutes) * 60 + n(seconds);
}

function parseNumber(text: string): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === "") return fail("Enter a number, for example 42 or 3.14");
  if (!JSON_NUMBER.test(trimmed)) return fail(`${trimmed} is not a number: use digits, a dot and an optional exponent (42, -3.5, 1e3)`);
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return fail("The number is too large");
  // JavaScript keeps integers exactly only up to 2^53: a larger cursor or id would come back changed.
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return fail("Integers beyond ±9007199254740991 lose digits here: store it as a string");
  }
  return ok(value);
}

/** The local calendar parts, checked (Feb 30 or hour 25 are refused, not rolled over). */
function localInstant(parts: number[]): Date | null {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0] = parts;
  const date = new Date(year, month - 1, day, hour, minute, second, ms);
  const same =
    date.getFullYear() === year &&
    date.getMonth() === month - 1 &&
    date.getDate() === day &&
    date.getHours() === hour &&
    date.getMinutes() === minute;
  return same ? date : null;
}

/** A datetime-local text (your time zone) or an RFC 3339 instant, as an instant; null when neither. */
export function parseInstant(text: string): Date | null {
  const trimmed = text.trim();
  const local = LOCAL_DATETIME.exec(trimmed);
  if (local !== null) {
    // Seconds and milliseconds are optional groups: absent, they are undefined.
    const parts: (string | undefined)[] = local.slice(1);
    const ms = Number((parts[6] ?? "0").padEnd(3, "0"));
    return localInstant([...parts.slice(0, 6).map((part) => Number(part ?? 0)), ms]);
  }
  if (RFC3339.test(trimmed)) {
    const date = new Date(trimmed);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

function parseDate(text: string): ParsedValue {
  const match = DATE.exec(text.trim());
  if (match === null) return fail("Enter a date as YYYY-MM-DD, for example 2026-12-02");
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === (month ?? 1) - 1 && date.getUTCDate() === day;
  return real ? ok(text.trim()) : fail(`${text.trim()} is not a calendar date`);
}

function parseJson(text: string): ParsedValue {
  if (text.trim() === "") return fail('Enter a JSON document, for example {"cursor": 17}');
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return fail(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The form's text as the typed JSON value the host takes, or why it does not fit `type`. */
export function parseValueText(type: KvType, text: string): ParsedValue {
  switch (type) {
    case "string":
      return ok(text);
    case "number":
      return parseNumber(text);
    case "boolean":
      return text === "true" ? ok(true) : text === "false" ? ok(false) : fail("Choose true or false");
    case "datetime": {
      const at = parseInstant(text);
      return at === null ? fail("Enter a date and time (a time zone offset is optional)") : ok(at.toISOString());
    }
    case "date":
      return parseDate(text);
    case "duration":
      return durationSeconds(text) === null
        ? fail("Enter an ISO-8601 duration of days, hours, minutes, seconds: PT5M, PT1H30M, P1D (no years or months)")
        : ok(text.trim());
    case "json":
      return parseJson(text);
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a datetime-local input shows it: wall-clock time in your time zone, to the second. */
export function toLocalInput(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A stored value as the form's text. */
export function valueToText(type: KvType, value: unknown): string {
  if (type === "json") return JSON.stringify(value, null, 2);
  if (type === "datetime" && typeof value === "string") {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : toLocalInput(date);
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}
