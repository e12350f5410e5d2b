import { describe, expect, it } from "vitest";

import { EMPTY_FIELDS, rangeProblem, toCriteria } from "./criteria";

describe("audit filter criteria", () => {
  it("filters nothing when every field is empty or blank", () => {
    expect(toCriteria({ ...EMPTY_FIELDS, actor: "  " })).toEqual({
      actor: null,
      action: null,
      target: null,
      namespace: null,
      since: null,
      until: null,
    });
  });

  it("trims names and sends the picked local times as UTC instants", () => {
    const criteria = toCriteria({
      ...EMPTY_FIELDS,
      actor: " desktop:ana ",
      action: "secret.reveal",
      from: "2026-11-25T10:00",
      to: "2026-11-26T00:00",
    });
    expect(criteria.actor).toBe("desktop:ana");
    expect(criteria.action).toBe("secret.reveal");
    expect(criteria.since).toBe(new Date(2026, 10, 25, 10, 0, 0).toISOString());
    expect(criteria.until).toBe(new Date(2026, 10, 26, 0, 0, 0).toISOString());
  });

  it("explains a range whose end is not after its start", () => {
    expect(rangeProblem({ ...EMPTY_FIELDS, from: "2026-11-26T00:00", to: "2026-11-25T00:00" })).toMatch(/later/);
    expect(rangeProblem({ ...EMPTY_FIELDS, from: "2026-11-25T00:00", to: "2026-11-26T00:00" })).toBeNull();
    expect(rangeProblem({ ...EMPTY_FIELDS, from: "2026-11-25T00:00" })).toBeNull();
  });
});
