import { Box, useComputedColorScheme, useMantineTheme, VisuallyHidden, type MantineTheme } from "@mantine/core";
import {
  Chart,
  Legend,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartOptions,
  type Plugin,
  type ScatterDataPoint,
} from "chart.js";
import { useEffect, useEffectEvent, useRef, useState } from "react";

import type { ExpiringItem } from "../../bindings/ExpiringItem";
import type { ExpiringReport } from "../../bindings/ExpiringReport";
import type { Destination } from "../search/searchIndex";
import { destinationOf, displayName, KIND_COLOR, KIND_LABEL, KIND_ORDER, timeLeft } from "./expiringItems";

// Only the pieces a scatter on a linear time axis needs: the rest of the library stays out of the chunk.
Chart.register(ScatterController, PointElement, LinearScale, Tooltip, Legend);

/** "blue.6" → the theme's hex for it. */
function themeColor(theme: MantineTheme, name: string): string {
  const [family = "gray", shade = "6"] = name.split(".");
  return theme.colors[family]?.[Number(shade)] ?? name;
}

/** A dashed vertical line at now, labelled: what is overdue sits left of it. */
function nowLine(now: number, color: string): Plugin<"scatter"> {
  return {
    id: "keystead-now",
    afterDatasetsDraw(chart) {
      const x = chart.scales.x?.getPixelForValue(now);
      const { top, bottom } = chart.chartArea;
      if (x === undefined) return;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textAlign = "center";
      ctx.fillText("now", x, top - 4);
      ctx.restore();
    },
  };
}

interface Row {
  kind: (typeof KIND_ORDER)[number];
  items: ExpiringItem[];
}

/**
 * The items on a time axis, one row per kind, with a line at now: what is overdue sits left of it.
 * Hovering a point names it; clicking opens it, as its row in the table does. The table below says the
 * same in words (the chart is for the eye; screen readers get a summary).
 *
 * Chart.js defines its classes rather than assigning over built-in names, so it draws in the desktop
 * window, whose built-in prototypes are frozen.
 */
export function ExpiringTimeline({ report, onNavigate }: { report: ExpiringReport; onNavigate: (destination: Destination) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const now = Date.parse(report.now);
  const until = Date.parse(report.until);
  const overdue = report.items.filter((item) => item.overdue).length;
  const open = useEffectEvent((item: ExpiringItem | undefined) => {
    const destination = item === undefined ? null : destinationOf(item);
    if (destination !== null) onNavigate(destination);
  });

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const rows: Row[] = KIND_ORDER.map((kind) => ({ kind, items: report.items.filter((item) => item.kind === kind) })).filter(
      (row) => row.items.length > 0,
    );
    const rowOf = (kind: Row["kind"]) => KIND_ORDER.indexOf(kind);
    const earliest = Math.min(now, ...report.items.map((item) => Date.parse(item.at)));
    const text = scheme === "dark" ? theme.colors.dark[0] : theme.colors.gray[7];
    const grid = scheme === "dark" ? theme.colors.dark[4] : theme.colors.gray[3];
    const span = Math.max(until, earliest) - earliest;

    const options: ChartOptions<"scatter"> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 14 } },
      scales: {
        x: {
          type: "linear",
          min: earliest - span * 0.02,
          max: Math.max(until, earliest) + span * 0.02,
          grid: { color: grid },
          ticks: { color: text, maxTicksLimit: 8, callback: (at) => new Date(Number(at)).toLocaleDateString() },
          title: { display: true, text: "When", color: text },
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
          ticks: { color: text, callback: (row) => KIND_LABEL[KIND_ORDER[Number(row)] ?? "secret"] },
        },
      },
      plugins: {
        legend: { labels: { color: text, usePointStyle: true } },
        tooltip: {
          callbacks: {
            title: () => "",
            label: (point) => {
              const item = rows[point.datasetIndex]?.items[point.dataIndex];
              return item === undefined ? "" : `${KIND_LABEL[item.kind]} ${displayName(item)}: ${timeLeft(item)}`;
            },
          },
        },
      },
      onHover: (event, elements) => {
        const target = event.native?.target;
        if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? "pointer" : "default";
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        open(hit === undefined ? undefined : rows[hit.datasetIndex]?.items[hit.index]);
      },
    };

    const chart = new Chart<"scatter", ScatterDataPoint[]>(context, {
      type: "scatter",
      data: {
        datasets: rows.map((row) => {
          const color = themeColor(theme, KIND_COLOR[row.kind]);
          return {
            label: KIND_LABEL[row.kind],
            data: row.items.map((item) => ({ x: Date.parse(item.at), y: rowOf(row.kind) })),
            backgroundColor: color,
            borderColor: color,
            pointRadius: 5,
            pointHoverRadius: 7,
          };
        }),
      },
      options,
      plugins: [nowLine(now, text)],
    });
    setDrawn(true);
    return () => {
      chart.destroy();
      setDrawn(false);
    };
  }, [report, now, until, theme, scheme]);

  return (
    <div data-testid="expiring-chart" data-drawn={drawn}>
      <VisuallyHidden>
        Timeline: {report.items.length} items up to {new Date(until).toLocaleDateString()}, {overdue} overdue.
      </VisuallyHidden>
      <Box pos="relative" h={220}>
        <canvas ref={canvas} aria-hidden="true" data-testid="expiring-chart-canvas" />
      </Box>
    </div>
  );
}
