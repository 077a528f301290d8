import { useEffect, useRef, useState } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { echarts } from "./echarts";
import { useTheme } from "../state/theme";

/**
 * One ECharts canvas, re-created when the console theme changes, resized with its box. data-ready="true" once it
 * has drawn an option that holds data (hasData).
 */
export function Chart({
  name,
  option,
  hasData,
  height = 260,
  emptyText = "No data in this range",
}: {
  name: string;
  option: EChartsCoreOption;
  hasData: boolean;
  height?: number;
  emptyText?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme = useTheme();
  const [drawn, setDrawn] = useState(false);
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, "egret-" + theme, { renderer: "canvas" });
    chart.current = c;
    c.setOption(optionRef.current, true);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, true);
    setDrawn(true);
  }, [option]);

  return (
    <div className="chart-box">
      <div
        className="chart"
        ref={el}
        data-testid={"chart-" + name}
        data-ready={drawn && hasData ? "true" : "false"}
        data-empty={hasData ? undefined : "true"}
        style={{ height }}
      />
      {hasData ? null : <div className="chart-empty">{emptyText}</div>}
    </div>
  );
}
