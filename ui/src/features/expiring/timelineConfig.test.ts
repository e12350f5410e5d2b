import type { ActiveElement, ChartEvent, TooltipItem } from "chart.js";
import { describe, expect, it, vi } from "vitest";

import type { ExpiringItem } from "../../bindings/ExpiringItem";
import { timelineConfig, type TimelineColors } from "./timelineConfig";

const NOW = "2026-12-01T12:00:00.000Z";
const COLORS: TimelineColors = {
  kind: { api_token: "#228be6", kv: "#12b886", secret: "#fd7e14", credential: "#fa5252" },
  text: "#c9c9c9",
  grid: "#424242",
};

function item(fields: Partial<ExpiringItem> & Pick<ExpiringItem, "kind" | "name" | "at">): ExpiringItem {
  return {
    namespace: "prod",
    principal: null,
    token_prefix: null,
    seconds_left: 3600,
    overdue: false,
    reason: "",
    written_at: null,
    test_error: null,
    ...fields,
  };
}

const LEASE = item({ kind: "kv", name: "lease", at: "2026-12-03T12:00:00.000Z", seconds_left: 2 * 86_400 });
const OLD_TOKEN = item({
  kind: "api_token",
  name: "deploy",
  namespace: null,
  principal: "ci",
  token_prefix: "kst_ab…",
  at: "2026-11-20T12:00:00.000Z",
  seconds_left: -11 * 86_400,
  overdue: true,
});
const REPORT = { now: NOW, until: "2026-12-31T12:00:00.000Z", within: "P30D", secret_age: "P90D", items: [LEASE, OLD_TOKEN] };

describe("the Expiring soon timeline", () => {
  it("puts each kind on its own row in the kind's colour, from the earliest item to the horizon", () => {
    const config = timelineConfig(REPORT, COLORS, vi.fn());
    const [tokens, kv] = config.data.datasets;
    expect(config.data.datasets).toHaveLength(2);
    expect(tokens).toMatchObject({ label: "API token", backgroundColor: "#228be6", data: [{ x: Date.parse(OLD_TOKEN.at), y: 0 }] });
    expect(kv).toMatchObject({ label: "KV pair", backgroundColor: "#12b886", data: [{ x: Date.parse(LEASE.at), y: 1 }] });
    const x = config.options?.scales?.x;
    expect(x?.min).toBeLessThan(Date.parse(OLD_TOKEN.at));
    expect(x?.max).toBeGreaterThan(Date.parse(REPORT.until));
    expect(config.options?.plugins?.keysteadNow).toEqual({ at: Date.parse(NOW), color: "#c9c9c9" });
    expect(x?.grid?.color).toBe("#424242");
  });

  it("names a point's item in its tooltip and opens it on click", () => {
    const open = vi.fn();
    const config = timelineConfig(REPORT, COLORS, open);
    const label = config.options?.plugins?.tooltip?.callbacks?.label as (point: TooltipItem<"scatter">) => string;
    expect(label({ datasetIndex: 0, dataIndex: 0 } as TooltipItem<"scatter">)).toBe("API token deploy (kst_ab… of ci): 11 d overdue");
    expect(label({ datasetIndex: 1, dataIndex: 0 } as TooltipItem<"scatter">)).toBe("KV pair lease: in 2 d");

    const click = config.options?.onClick as (event: ChartEvent, elements: ActiveElement[]) => void;
    click({} as ChartEvent, [{ datasetIndex: 1, index: 0 } as ActiveElement]);
    expect(open).toHaveBeenCalledWith(LEASE);
    click({} as ChartEvent, []);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it("labels only the kinds' rows on the y axis", () => {
    const config = timelineConfig(REPORT, COLORS, vi.fn());
    const tick = config.options?.scales?.y?.ticks?.callback as (value: number) => string;
    expect([0, 1, 2, 3, 4].map((row) => tick(row))).toEqual(["API token", "KV pair", "Secret", "Credential", ""]);
  });
});
