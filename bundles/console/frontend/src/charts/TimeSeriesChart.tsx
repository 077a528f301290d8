import { useMemo } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { Chart } from "./Chart";
import { fmtAxisTime, fmtCost, fmtCount, fmtMs, fmtPercent } from "../format";
import type { Timeseries } from "../api/types";

export type Unit = "ms" | "count" | "tokens" | "percent" | "cost" | "rate";

export interface LineSeries {
  name: string;
  values: (number | null)[];
  type?: "line" | "bar";
  /** Stack id: series with the same id are stacked. */
  stack?: string;
  area?: boolean;
  dashed?: boolean;
}

export function formatUnit(unit: Unit, v: number | null | undefined): string {
  switch (unit) {
    case "ms":
      return fmtMs(v);
    case "percent":
      return fmtPercent(v);
    case "cost":
      return fmtCost(v);
    case "rate":
      return v === null || v === undefined ? "–" : fmtCount(Number(v.toFixed(2))) + "/s";
    default:
      return fmtCount(v);
  }
}

/** The values of one field of a timeseries answer, one series per group (or one series when ungrouped). */
export function fieldSeries(
  ts: Timeseries | undefined,
  field: string,
  options: { label?: string; type?: "line" | "bar"; stack?: string; area?: boolean; dashed?: boolean } = {},
): LineSeries[] {
  if (!ts) return [];
  return ts.series
    .filter((s) => s.name === field)
    .map((s) => ({
      name: s.group ?? options.label ?? field,
      values: s.values,
      type: options.type,
      stack: options.stack,
      area: options.area,
      dashed: options.dashed,
    }));
}

function hasIsolated(values: (number | null)[]): boolean {
  return values.some((v, i) => v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null);
}

/**
 * A time chart of buckets (Unix seconds). Tooltips are drawn on the canvas (renderMode richText), so no series
 * name — which may come from captured traffic, such as a model — ever becomes HTML.
 */
export function TimeSeriesChart({
  name,
  timestamps,
  series,
  unit = "count",
  height,
  emptyText,
}: {
  name: string;
  timestamps: number[];
  series: LineSeries[];
  unit?: Unit;
  height?: number;
  emptyText?: string;
}) {
  const hasData = timestamps.length > 0 && series.some((s) => s.values.some((v) => v !== null && v !== 0));
  const option = useMemo<EChartsCoreOption>(() => {
    const span = timestamps.length > 1 ? timestamps[timestamps.length - 1] - timestamps[0] : 60;
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: series.length > 1 ? 40 : 16, containLabel: true },
      legend: series.length > 1 ? { bottom: 0, type: "scroll", icon: "roundRect", itemWidth: 12, itemHeight: 4 } : undefined,
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        confine: true,
        valueFormatter: (v: number | null) => formatUnit(unit, v),
      },
      xAxis: {
        type: "category",
        data: timestamps,
        boundaryGap: series.some((s) => s.type === "bar"),
        axisLabel: { formatter: (v: string) => fmtAxisTime(Number(v), span), hideOverlap: true },
      },
      yAxis: {
        type: "value",
        min: 0,
        axisLabel: { formatter: (v: number) => formatUnit(unit, v) },
      },
      series: series.map((s) => ({
        name: s.name,
        type: s.type ?? "line",
        stack: s.stack,
        data: s.values,
        connectNulls: false,
        symbol: "circle",
        // a value between two gaps draws no line: show the points of sparse series
        showSymbol: timestamps.length < 3 || hasIsolated(s.values),
        symbolSize: 6,
        barMaxWidth: 24,
        lineStyle: s.dashed ? { type: "dashed" } : undefined,
        areaStyle: s.area ? { opacity: 0.18 } : undefined,
        emphasis: { focus: "series" },
      })),
    };
  }, [timestamps, series, unit]);
  return <Chart name={name} option={option} hasData={hasData} height={height} emptyText={emptyText} />;
}
