import type { ChartConfiguration, ChartType, ScatterDataPoint } from "chart.js";

import type { ExpiringItem } from "../../bindings/ExpiringItem";
import type { ExpiringReport } from "../../bindings/ExpiringReport";
import { displayName, KIND_LABEL, KIND_ORDER, timeLeft } from "./expiringItems";

declare module "chart.js" {
  // Options of the line at now (drawn by the timeline's own plugin). The type parameter must match Chart.js's.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    keysteadNow?: { at: number; color: string };
  }
}

export interface TimelineColors {
  /** Per kind, as the theme resolves it. */
  kind: Record<ExpiringItem["kind"], string>;
  text: string;
  grid: string;
}

export type TimelineConfig = ChartConfiguration<"scatter", ScatterDataPoint[]>;

/**
 * What the timeline draws: one dataset per kind that has items, on a row of its own (top to bottom in
 * KIND_ORDER), on a time axis from the earliest item (or now) to the horizon, with a line at now. A
 * point's tooltip names its item; a click on a point hands the item to `open`.
 */
export function timelineConfig(report: ExpiringReport, colors: TimelineColors, open: (item: ExpiringItem) => void): TimelineConfig {
  const now = Date.parse(report.now);
  const until = Date.parse(report.until);
  const rows = KIND_ORDER.map((kind) => ({ kind, items: report.items.filter((item) => item.kind === kind) })).filter(
    (row) => row.items.length > 0,
  );
  const earliest = Math.min(now, ...report.items.map((item) => Date.parse(item.at)));
  const latest = Math.max(until, earliest);
  const margin = (latest - earliest) * 0.02;
  const itemAt = (dataset: number, index: number) => rows[dataset]?.items[index];

  return {
    type: "scatter",
    data: {
      datasets: rows.map((row) => ({
        label: KIND_LABEL[row.kind],
        data: row.items.map((item) => ({ x: Date.parse(item.at), y: KIND_ORDER.indexOf(row.kind) })),
        backgroundColor: colors.kind[row.kind],
        borderColor: colors.kind[row.kind],
        pointRadius: 5,
        pointHoverRadius: 7,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 14 } },
      scales: {
        x: {
          type: "linear",
          min: earliest - margin,
          max: latest + margin,
          grid: { color: colors.grid },
          ticks: { color: colors.text, maxTicksLimit: 8, callback: (at) => new Date(Number(at)).toLocaleDateString() },
          title: { display: true, text: "When", color: colors.text },
        },
        y: {
          type: "linear",
          reverse: true,
          min: -0.5,
          max: KIND_ORDER.length - 0.5,
          grid: { display: false },
          afterBuildTicks: (axis) => {
            axis.ticks = KIND_ORDER.map((_, row) => ({ value: row }));
          },
          ticks: {
            color: colors.text,
            callback: (row) => {
              const kind = KIND_ORDER[Number(row)];
              return kind === undefined ? "" : KIND_LABEL[kind];
            },
          },
        },
      },
      plugins: {
        legend: { labels: { color: colors.text, usePointStyle: true } },
        tooltip: {
          callbacks: {
            title: () => "",
            label: (point) => {
              const item = itemAt(point.datasetIndex, point.dataIndex);
              return item === undefined ? "" : `${KIND_LABEL[item.kind]} ${displayName(item)}: ${timeLeft(item)}`;
            },
          },
        },
        keysteadNow: { at: now, color: colors.text },
      },
      onHover: (event, elements) => {
        const target = event.native?.target;
        if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? "pointer" : "default";
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        const item = hit === undefined ? undefined : itemAt(hit.datasetIndex, hit.index);
        if (item !== undefined) open(item);
      },
    },
  };
}
