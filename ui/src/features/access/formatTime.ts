/** An RFC 3339 instant in the user's locale (the raw text when it does not parse). */
export function formatTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : date.toLocaleString();
}
