import { Box, useComputedColorScheme, useMantineTheme, VisuallyHidden, type MantineTheme } from "@mantine/core";
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip, type Plugin, type ScatterDataPoint } from "chart.js";
import { useEffect, useEffectEvent, useRef, useState } from "react";

import type { ExpiringItem } from "../../bindings/ExpiringItem";
import type { ExpiringReport } from "../../bindings/ExpiringReport";
import type { Destination } from "../search/searchIndex";
import { destinationOf, KIND_COLOR } from "./expiringItems";
import { timelineConfig, type TimelineColors } from "./timelineConfig";

// Only the pieces a scatter on a linear time axis needs: the rest of the library stays out of the chunk.
Chart.register(ScatterController, PointElement, LinearScale, Tooltip, Legend);

/** "blue.6" → the theme's hex for it. */
function themeColor(theme: MantineTheme, name: string): string {
  const [family = "gray", shade = "6"] = name.split(".");
  return theme.colors[family]?.[Number(shade)] ?? name;
}

/** A dashed vertical line at `options.at`, labelled "now": what is overdue sits left of it. */
const nowLine: Plugin<"scatter", { at: number; color: string }> = {
  id: "keysteadNow",
  afterDatasetsDraw(chart, _args, options) {
    const x = chart.scales.x?.getPixelForValue(options.at);
    if (x === undefined) return;
    const { top, bottom } = chart.chartArea;
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.fillStyle = options.color;
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

/**
 * The items on a time axis, one row per kind, with a line at now (see `timelineConfig`). Hovering a
 * point names it; clicking opens it, as its row in the table does. The table below says the same in
 * words (the chart is for the eye; screen readers get a summary). The chart is made once and updated in
 * place when the report or the colour scheme changes, so a refetch neither flashes nor drops a tooltip.
 *
 * Chart.js defines its classes rather than assigning over built-in names, so it draws in the desktop
 * window, whose built-in prototypes are frozen.
 */
export function ExpiringTimeline({ report, onNavigate }: { report: ExpiringReport; onNavigate: (destination: Destination) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"scatter", ScatterDataPoint[]> | null>(null);
  const [points, setPoints] = useState<number | null>(null);
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const overdue = report.items.filter((item) => item.overdue).length;
  const open = useEffectEvent((item: ExpiringItem) => {
    const destination = destinationOf(item);
    if (destination !== null) onNavigate(destination);
  });

  useEffect(() => {
    const colors: TimelineColors = {
      kind: {
        api_token: themeColor(theme, KIND_COLOR.api_token),
        kv: themeColor(theme, KIND_COLOR.kv),
        secret: themeColor(theme, KIND_COLOR.secret),
        credential: themeColor(theme, KIND_COLOR.credential),
      },
      text: scheme === "dark" ? theme.colors.dark[0] : theme.colors.gray[7],
      grid: scheme === "dark" ? theme.colors.dark[4] : theme.colors.gray[3],
    };
    const config = timelineConfig(report, colors, open);
    const current = chart.current;
    if (current === null) {
      const context = canvas.current?.getContext("2d");
      if (!context) return;
      chart.current = new Chart(context, { ...config, plugins: [nowLine] });
    } else {
      current.data = config.data;
      current.options = config.options ?? {};
      current.update("none");
    }
    setPoints(config.data.datasets.reduce((sum, dataset) => sum + dataset.data.length, 0));
  }, [report, theme, scheme]);

  // Made once, gone with the component.
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <div data-testid="expiring-chart" data-drawn={points !== null} data-points={points ?? undefined}>
      <VisuallyHidden>
        Timeline: {report.items.length} items up to {new Date(report.until).toLocaleDateString()}, {overdue} overdue.
      </VisuallyHidden>
      <Box pos="relative" h={220}>
        <canvas ref={canvas} aria-hidden="true" data-testid="expiring-chart-canvas" />
      </Box>
    </div>
  );
}
