// Mirrors the core's NamespaceId rule so the form can refuse early; the server validates again.
const SEGMENT = /^[a-z0-9_-]+$/;

/** An error message, or null when `value` is a valid namespace id. */
export function validateNamespaceId(value: string): string | null {
  if (value.length === 0) return "Enter a namespace, for example company.team";
  const segments = value.split(".");
  if (segments.some((segment) => !SEGMENT.test(segment))) {
    return "Use dot-separated segments of lowercase letters, digits, _ and - (for example company.team)";
  }
  return null;
}
