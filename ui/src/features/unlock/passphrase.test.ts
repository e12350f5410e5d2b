import { describe, expect, it } from "vitest";

import { MIN_PASSPHRASE_LENGTH, passphraseStrength, validateConfirmation, validateNewPassphrase } from "./passphrase";

describe("passphraseStrength", () => {
  it("counts characters, not UTF-16 units, against the minimum", () => {
    expect(passphraseStrength("short").level).toBe("too_short");
    expect(passphraseStrength("short").hint).toBe(`5 of at least ${String(MIN_PASSPHRASE_LENGTH)} characters`);
    // 11 emoji are 22 UTF-16 units but 11 characters: still too short, as the core counts.
    expect(passphraseStrength("🔑".repeat(11)).level).toBe("too_short");
    expect(passphraseStrength("🔑".repeat(12)).level).not.toBe("too_short");
  });

  it("rates repetitive passphrases weak however long they are", () => {
    expect(passphraseStrength("aaaaaaaaaaaaaaaaaaaa").level).toBe("weak");
    expect(passphraseStrength("123412341234").level).toBe("weak");
  });

  it("rates several unrelated words strong and a short mixed one fair", () => {
    expect(passphraseStrength("correct horse battery staple").level).toBe("strong");
    expect(passphraseStrength("abcdefghij12").level).toBe("fair");
  });
});

describe("new passphrase validation", () => {
  it("asks for one, then for the minimum length, then accepts", () => {
    expect(validateNewPassphrase("")).toBe("Enter a passphrase");
    expect(validateNewPassphrase("eleven char")).toBe(`Use at least ${String(MIN_PASSPHRASE_LENGTH)} characters`);
    expect(validateNewPassphrase("twelve chars")).toBeNull();
  });

  it("refuses a confirmation that differs", () => {
    expect(validateConfirmation("twelve charz", "twelve chars")).toBe("The passphrases differ");
    expect(validateConfirmation("twelve chars", "twelve chars")).toBeNull();
  });
});
