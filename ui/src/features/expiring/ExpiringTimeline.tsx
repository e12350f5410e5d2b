import { ScatterChart, type ScatterChartSeries } from "@mantine/charts";
import { VisuallyHidden } from "@mantine/core";

import type { ExpiringReport } from "../../bindings/ExpiringReport";
import { KIND_COLOR, KIND_LABEL, KIND_ORDER } from "./expiringItems";

const kindOfRow = (row: number) => {
  const kind = KIND_ORDER[Math.round(row)];
  return kind === undefined ? "" : KIND_LABEL[kind];
};

/**
 * The items on a time axis, one row per kind, with a line at now: what is overdue sits left of it.
 * The table below says the same in words (the chart is for the eye; screen readers get a summary).
 */
export function ExpiringTimeline({ report }: { report: ExpiringReport }) {
  const now = Date.parse(report.now);
  const until = Date.parse(report.until);
  const series: ScatterChartSeries[] = KIND_ORDER.flatMap((kind, row) => {
    const points = report.items.filter((item) => item.kind === kind).map((item) => ({ at: Date.parse(item.at), row }));
    return points.length === 0 ? [] : [{ name: KIND_LABEL[kind], color: KIND_COLOR[kind], data: points }];
  });
  const earliest = Math.min(now, ...series.flatMap((s) => s.data.map((point) => point.at ?? now)));
  const overdue = report.items.filter((item) => item.overdue).length;

  return (
    <div data-testid="expiring-chart">
      <VisuallyHidden>
        Timeline: {report.items.length} items up to {new Date(until).toLocaleDateString()}, {overdue} overdue.
      </VisuallyHidden>
      <ScatterChart
        h={220}
        data={series}
        dataKey={{ x: "at", y: "row" }}
        labels={{ x: "When", y: "Kind" }}
        valueFormatter={{ x: (at) => new Date(at).toLocaleString(), y: kindOfRow }}
        xAxisProps={{
          domain: [earliest, Math.max(until, earliest)],
          scale: "time",
          tickFormatter: (at: number) => new Date(at).toLocaleDateString(),
        }}
        yAxisProps={{ domain: [-0.5, KIND_ORDER.length - 0.5], ticks: KIND_ORDER.map((_, row) => row), reversed: true, width: 90 }}
        referenceLines={[{ x: now, label: "now", color: "gray.6" }]}
        withLegend
        gridAxis="x"
      />
    </div>
  );
}
