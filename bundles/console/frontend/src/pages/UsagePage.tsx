import { useMemo } from "react";
import { useApi, useTimeseries, useViewParams } from "../api/hooks";
import type { FinishReasonSeries, MetricSummary, ModelRow } from "../api/types";
import { BarList } from "../charts/BarList";
import { fieldSeries, TimeSeriesChart, type LineSeries } from "../charts/TimeSeriesChart";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { fmtCost, fmtCount, fmtMs, fmtPercent } from "../format";
import { allSettled, errorRate, Loaded, modelLabel, useModelRows } from "./observe";

export const MODEL_COLUMNS: Column<ModelRow>[] = [
  { key: "model", label: "Model", render: (m) => m.model || "(no model)", sortValue: (m) => m.model },
  { key: "wire_api", label: "Wire API" },
  { key: "call_count", label: "Calls", align: "right", render: (m) => fmtCount(m.call_count) },
  { key: "total_input_tokens", label: "In tokens", align: "right", render: (m) => fmtCount(m.total_input_tokens) },
  { key: "total_output_tokens", label: "Out tokens", align: "right", render: (m) => fmtCount(m.total_output_tokens) },
  { key: "ttft_avg", label: "Avg TTFT", align: "right", render: (m) => fmtMs(m.ttft_avg) },
  { key: "e2e_avg", label: "Avg E2E", align: "right", render: (m) => fmtMs(m.e2e_avg) },
  {
    key: "error_rate",
    label: "Error %",
    align: "right",
    render: (m) => fmtPercent(errorRate(m.error_count, m.call_count)),
    sortValue: (m) => errorRate(m.error_count, m.call_count),
  },
  { key: "total_cost_usd", label: "Cost", align: "right", render: (m) => fmtCost(m.total_cost_usd) },
];

/** Finish-reason counts (points in µs) on one axis of bucket starts in seconds, one stacked bar series each. */
function finishSeries(series: FinishReasonSeries[]): { timestamps: number[]; series: LineSeries[] } {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => Math.floor(t / 1e6))))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  return {
    timestamps: times,
    series: series.map((s) => {
      const values: (number | null)[] = times.map(() => 0);
      for (const [t, n] of s.points) {
        const i = index.get(Math.floor(t / 1e6))!;
        values[i] = (values[i] ?? 0) + n;
      }
      return { name: s.finish_reason || "(none)", values, type: "bar" as const, stack: "fr" };
    }),
  };
}

/** Calls per second, shown per second, minute or hour so that it reads as more than 0.0. */
function fmtRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return "–";
  if (perSecond >= 1) return perSecond.toFixed(1) + "/s";
  if (perSecond * 60 >= 1) return (perSecond * 60).toFixed(1) + "/min";
  return (perSecond * 3600).toFixed(1) + "/h";
}

export default function UsagePage() {
  const params = useViewParams();
  const summary = useApi<MetricSummary>("metrics/summary", params);
  const byWire = useTimeseries(["call_count", "total_input_tokens", "total_output_tokens"], { group_by: "wire_api" });
  const tokens = useTimeseries(["total_input_tokens", "total_output_tokens", "total_cache_read_input_tokens"]);
  const models = useModelRows(50);
  // the route picks its own bucket width (at most 200 buckets: it reads stored calls, not the metric windows)
  const finish = useApi<{ series: FinishReasonSeries[] }>("metrics/finish-reasons", params);
  const finishChart = useMemo(() => (finish.data ? finishSeries(finish.data.series) : null), [finish.data]);
  const s = summary.data;
  return (
    <Page
      name="usage"
      title="Usage"
      subtitle="Who calls which model, how often and with how many tokens"
      loaded={allSettled(summary, byWire, tokens, models, finish)}
    >
      <ErrorBanner error={summary.error} what="the summary" />
      <KpiRow>
        <KpiCard name="calls" label="Calls" value={s?.call_count} display={fmtCount(s?.call_count)} />
        <KpiCard
          name="call-rate"
          label="Call rate"
          value={s?.call_rate}
          display={fmtRate(s?.call_rate)}
        />
        <KpiCard name="tokens-in" label="Input tokens" value={s?.total_input_tokens} display={fmtCount(s?.total_input_tokens)} />
        <KpiCard name="tokens-out" label="Output tokens" value={s?.total_output_tokens} display={fmtCount(s?.total_output_tokens)} />
        <KpiCard
          name="cache-hit"
          label="Cache hit ratio"
          value={s?.cache_hit_ratio}
          display={fmtPercent(s?.cache_hit_ratio)}
          hint={`${fmtCount(s?.total_cache_read_input_tokens)} cached input tokens`}
        />
        <KpiCard name="cost" label="Cost" value={s?.cost_usd} display={fmtCost(s?.cost_usd)} />
      </KpiRow>
      <PanelGrid>
        <Panel title="Calls by wire API" subtitle={`per ${byWire.granularity}`}>
          <Loaded state={byWire} what="call volume">
            {(d) => (
              <TimeSeriesChart
                name="calls-by-wire-api"
                timestamps={d.timestamps}
                series={fieldSeries(d, "call_count", { type: "bar", stack: "calls" })}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Token usage" subtitle={`input and output per ${tokens.granularity}`}>
          <Loaded state={tokens} what="token usage">
            {(d) => (
              <TimeSeriesChart
                name="token-usage"
                unit="tokens"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "total_input_tokens", { label: "input", type: "bar", stack: "t" }),
                  ...fieldSeries(d, "total_output_tokens", { label: "output", type: "bar", stack: "t" }),
                  ...fieldSeries(d, "total_cache_read_input_tokens", { label: "of which cached" }),
                ]}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Output tokens by wire API" subtitle={`per ${byWire.granularity}`}>
          <Loaded state={byWire} what="tokens">
            {(d) => (
              <TimeSeriesChart
                name="tokens-by-wire-api"
                unit="tokens"
                timestamps={d.timestamps}
                series={fieldSeries(d, "total_output_tokens", { area: true })}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Model distribution" subtitle="calls by model">
          <Loaded state={models} what="models">
            {(rows) => (
              <BarList name="model-distribution" items={rows.map((m) => ({ label: modelLabel(m), value: m.call_count }))} />
            )}
          </Loaded>
        </Panel>
        <Panel title="Top models" subtitle={models.fallback ? "summed from the metric windows" : undefined} wide>
          <Loaded state={models} what="models">
            {(rows) => (
              <DataTable
                testId="top-models"
                columns={MODEL_COLUMNS}
                rows={rows}
                rowId={(m) => m.wire_api + "/" + m.model}
                empty="No calls in this range"
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Finish reasons" subtitle="as the providers name them" wide>
          <Loaded state={finish} what="finish reasons">
            {() => (
              <TimeSeriesChart
                name="finish-reasons"
                timestamps={finishChart?.timestamps ?? []}
                series={finishChart?.series ?? []}
              />
            )}
          </Loaded>
        </Panel>
      </PanelGrid>
    </Page>
  );
}
