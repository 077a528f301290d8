// ECharts, tree-shaken to what the console draws, with one registered theme per console theme.
import { BarChart, GraphChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { PALETTES, THEMES } from "../state/palette";

echarts.use([LineChart, BarChart, PieChart, GraphChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

for (const name of THEMES) {
  const p = PALETTES[name];
  const axis = {
    axisLine: { lineStyle: { color: p.border } },
    axisTick: { lineStyle: { color: p.border } },
    axisLabel: { color: p.muted },
    splitLine: { lineStyle: { color: p.grid, type: "dashed" } },
    nameTextStyle: { color: p.muted },
  };
  echarts.registerTheme("egret-" + name, {
    color: p.series,
    backgroundColor: "transparent",
    textStyle: { color: p.text, fontFamily: "inherit" },
    legend: { textStyle: { color: p.muted } },
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
    },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    line: { smooth: false, lineStyle: { width: 2 } },
  });
}

export { echarts };
