// New passphrases: the core's minimum (crypto::kdf::MIN_PASSPHRASE_CHARS) and a rough strength hint. The
// core decides; the hint only helps pick a better one before Argon2id spends a second on it.

/** The core refuses a new passphrase with fewer characters (Unicode scalar values, as Rust counts). */
export const MIN_PASSPHRASE_LENGTH = 12;

export type StrengthLevel = "too_short" | "weak" | "fair" | "strong";

export interface PassphraseStrength {
  level: StrengthLevel;
  /** 0–100, for a meter. */
  score: number;
  /** One sentence for people. */
  hint: string;
}

export function passphraseLength(passphrase: string): number {
  return Array.from(passphrase).length;
}

/**
 * A deliberately simple estimate: the character classes used set the alphabet, and repeated characters
 * count for little (`aaaaaaaaaaaa` and `123123123123` are weak however long).
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const chars = Array.from(passphrase);
  if (chars.length < MIN_PASSPHRASE_LENGTH) {
    return {
      level: "too_short",
      score: Math.round((chars.length / MIN_PASSPHRASE_LENGTH) * 25),
      hint: `${String(chars.length)} of at least ${String(MIN_PASSPHRASE_LENGTH)} characters`,
    };
  }
  let alphabet = 0;
  if (chars.some((c) => /[a-z]/.test(c))) alphabet += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) alphabet += 26;
  if (chars.some((c) => /[0-9]/.test(c))) alphabet += 10;
  if (chars.some((c) => /[ -/:-@[-`{-~]/.test(c))) alphabet += 33;
  if (chars.some((c) => c > "~")) alphabet += 100;
  const distinct = new Set(chars).size;
  const effectiveLength = Math.min(chars.length, distinct * 2);
  const bits = Math.log2(Math.max(alphabet, 2)) * effectiveLength;
  if (bits < 45) {
    return {
      level: "weak",
      score: 40,
      hint: "Weak: easy to guess. Use more different characters, or four or more unrelated words.",
    };
  }
  if (bits < 70) {
    return { level: "fair", score: 70, hint: "Fair: a few more words or characters make it much harder to guess." };
  }
  return { level: "strong", score: 100, hint: "Strong: hard to guess." };
}

/** Form validation of a new passphrase (the core checks again). */
export function validateNewPassphrase(value: string): string | null {
  const length = passphraseLength(value);
  if (length === 0) return "Enter a passphrase";
  return length < MIN_PASSPHRASE_LENGTH ? `Use at least ${String(MIN_PASSPHRASE_LENGTH)} characters` : null;
}

export function validateConfirmation(value: string, passphrase: string): string | null {
  return value !== passphrase ? "The passphrases differ" : null;
}
