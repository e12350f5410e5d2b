import { describe, expect, it } from "vitest";

import { validatePrincipalName } from "./principalName";

describe("validatePrincipalName", () => {
  it("accepts the core's [a-z0-9][a-z0-9-]{0,62}", () => {
    for (const good of ["ci-deployer", "alice", "0ps", "a", "a".repeat(63)]) {
      expect(validatePrincipalName(good), good).toBeNull();
    }
  });

  it("refuses what the core refuses, saying why", () => {
    expect(validatePrincipalName("")).toMatch(/Enter a name/);
    expect(validatePrincipalName("a".repeat(64))).toBe("At most 63 characters");
    for (const bad of ["-x", "Alice", "a_b", "a.b", "a b", "ci-deployer\n"]) {
      expect(validatePrincipalName(bad), bad).toMatch(/lowercase letters, digits and '-'/);
    }
  });
});
