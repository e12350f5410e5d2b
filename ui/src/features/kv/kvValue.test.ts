import { describe, expect, it } from "vitest";

import type { KvType } from "../../bindings/KvType";
import { parseValueText, valueToText } from "./kvValue";

/** The local wall-clock text a datetime-local input holds for an instant. */
function localText(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

describe("parseValueText", () => {
  const good: [KvType, string, unknown][] = [
    ["string", "hello world", "hello world"],
    ["string", "", ""],
    ["number", "42", 42],
    ["number", "-3.5", -3.5],
    ["number", " 1e3 ", 1000],
    ["boolean", "true", true],
    ["boolean", "false", false],
    ["date", "2026-02-28", "2026-02-28"],
    ["duration", "PT5M", "PT5M"],
    ["duration", "P1DT2H", "P1DT2H"],
    ["json", '{"cursor": 17}', { cursor: 17 }],
    ["json", "[1, 2]", [1, 2]],
    ["datetime", "2026-12-02T10:00:00Z", "2026-12-02T10:00:00.000Z"],
    ["datetime", "2026-12-02T11:00:00+01:00", "2026-12-02T10:00:00.000Z"],
  ];
  it.each(good)("%s %j is %j", (type, text, value) => {
    expect(parseValueText(type, text)).toEqual({ ok: true, value });
  });

  it("reads a datetime without an offset as local time and sends it as UTC; seconds are optional", () => {
    const local = localText("2026-12-02T10:00:00Z");
    expect(parseValueText("datetime", local)).toEqual({ ok: true, value: "2026-12-02T10:00:00.000Z" });
    expect(parseValueText("datetime", local.slice(0, 16))).toEqual({ ok: true, value: "2026-12-02T10:00:00.000Z" });
    expect(parseValueText("datetime", `${local}.5`)).toEqual({ ok: true, value: "2026-12-02T10:00:00.500Z" });
  });

  const bad: [KvType, string, RegExp][] = [
    ["number", "forty-two", /not a number/],
    ["number", "", /Enter a number/],
    ["number", "1e999", /too large/],
    ["number", "0x10", /not a number/],
    ["number", "9007199254740993", /store it as a string/],
    ["boolean", "yes", /true or false/],
    ["date", "2026-02-30", /not a calendar date/],
    ["date", "02/28/2026", /YYYY-MM-DD/],
    ["datetime", "2026-12-02 10:00", /date and time/],
    ["datetime", "", /date and time/],
    ["duration", "5 minutes", /ISO-8601/],
    ["duration", "P1Y", /ISO-8601/],
    ["duration", "PT", /ISO-8601/],
    ["duration", "P1DT", /ISO-8601/],
    ["json", "{oops", /Not valid JSON/],
    ["json", "", /Enter a JSON document/],
  ];
  it.each(bad)("%s %j is refused", (type, text, message) => {
    const parsed = parseValueText(type, text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.error).toMatch(message);
  });
});

describe("valueToText", () => {
  it("gives each type's editable text, and the text parses back to the same value", () => {
    const values: [KvType, unknown][] = [
      ["string", "a b"],
      ["number", 42],
      ["boolean", false],
      ["date", "2026-02-28"],
      ["duration", "PT5M"],
      ["json", { cursor: 17, ids: [1, 2] }],
      ["datetime", "2026-12-02T10:00:00.000Z"],
    ];
    for (const [type, value] of values) {
      expect(parseValueText(type, valueToText(type, value)), type).toEqual({ ok: true, value });
    }
  });

  it("shows a datetime as local wall-clock time and JSON indented", () => {
    expect(valueToText("datetime", "2026-12-02T10:00:00.000Z")).toBe(localText("2026-12-02T10:00:00Z"));
    expect(valueToText("json", { a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
