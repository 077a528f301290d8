import { useMemo } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { Chart } from "./Chart";
import { formatUnit, type Unit } from "./TimeSeriesChart";

/** Horizontal bars of one value per category (agents, models), largest first. */
export function BarList({
  name,
  items,
  unit = "count",
  height,
}: {
  name: string;
  items: { label: string; value: number | null }[];
  unit?: Unit;
  height?: number;
}) {
  const sorted = useMemo(() => [...items].sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, 12), [items]);
  const hasData = sorted.some((i) => (i.value ?? 0) > 0);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        renderMode: "richText",
        confine: true,
        valueFormatter: (v: number | null) => formatUnit(unit, v),
      },
      xAxis: { type: "value", min: 0, axisLabel: { formatter: (v: number) => formatUnit(unit, v) } },
      yAxis: {
        type: "category",
        inverse: true,
        data: sorted.map((i) => i.label),
        axisLabel: { width: 140, overflow: "truncate" },
      },
      series: [{ type: "bar", data: sorted.map((i) => i.value), barMaxWidth: 18, colorBy: "data" }],
    }),
    [sorted, unit],
  );
  return (
    <Chart name={name} option={option} hasData={hasData} height={height ?? Math.max(140, 36 + sorted.length * 30)} />
  );
}
