// Mirrors the core's PrincipalName rule so the form can refuse early; the core validates again.
const PRINCIPAL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** An error message, or null when `value` is a valid user or service account name. */
export function validatePrincipalName(value: string): string | null {
  if (value.length === 0) return "Enter a name, for example ci-deployer";
  if (PRINCIPAL_NAME.test(value)) return null;
  if (value.length > 63) return "At most 63 characters";
  return "Use lowercase letters, digits and '-', starting with a letter or digit (for example ci-deployer)";
}
