/**
 * What `Date.prototype.toLocaleString()` prints (the user's locale and time zone), from one formatter
 * made once: WebKit builds a new ICU formatter on every `toLocaleString` call, which a table of times
 * pays for on every row it renders.
 */
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** An RFC 3339 instant in the user's locale (the raw text when it does not parse). */
export function formatTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : dateTime.format(date);
}
