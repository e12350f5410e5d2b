// The form writes sensitive inputs as `{{ secret('KEY') }}`; the core resolves them at mint time.
const REFERENCE = /^\s*\{\{\s*secret\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\)\s*\}\}\s*$/;

export function secretReference(key: string): string {
  return `{{ secret('${key}') }}`;
}

/** The key a reference names, or null when `value` is not a secret reference. */
export function referencedKey(value: unknown): string | null {
  if (typeof value !== "string") return null;
  return REFERENCE.exec(value)?.[2] ?? null;
}
