// Mirrors the core's SecretKey rule so the form can refuse early; the server validates again.
const SECRET_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An error message, or null when `value` is a valid secret key. */
export function validateSecretKey(value: string): string | null {
  if (value.length === 0) return "Enter a key, for example API_KEY";
  if (!SECRET_KEY.test(value)) {
    return "Use letters, digits and _ only, not starting with a digit (for example API_KEY)";
  }
  return null;
}
