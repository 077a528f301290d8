import { useMemo } from "react";
import { useApi, useTimeseries, useViewParams } from "../api/hooks";
import type { ActivityPoint, AgentSummary, MetricSummary } from "../api/types";
import { BarList } from "../charts/BarList";
import { fieldSeries, TimeSeriesChart, type LineSeries } from "../charts/TimeSeriesChart";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { fmtCost, fmtCount, fmtMs, fmtPercent } from "../format";
import { allSettled, errorRate, errorTone, Loaded, modelLabel, useModelRows } from "./observe";

/** Agent activity: turns per bucket and agent kind, from /api/traces/activity aligned on one time axis. */
function activitySeries(points: ActivityPoint[]): { timestamps: number[]; series: LineSeries[] } {
  const times = [...new Set(points.map((p) => Math.floor(p.timestamp_ms / 1000)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const byKind = new Map<string, (number | null)[]>();
  for (const p of points) {
    const row = byKind.get(p.agent_kind) ?? times.map(() => 0);
    const i = index.get(Math.floor(p.timestamp_ms / 1000))!;
    row[i] = (row[i] ?? 0) + p.turn_count;
    byKind.set(p.agent_kind, row);
  }
  return {
    timestamps: times,
    series: [...byKind.entries()].map(([name, values]) => ({ name, values, area: true })),
  };
}

interface InternalSeries {
  ts: number;
  series: { name: string; group: string; points: { t: number; v: number }[] }[];
}

/** Pipeline gauges (points in ms) on one axis of seconds, one line per gauge and pipeline. */
function gaugeSeries(d: InternalSeries): { timestamps: number[]; series: LineSeries[] } {
  const times = [...new Set(d.series.flatMap((s) => s.points.map((p) => Math.floor(p.t / 1000))))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  return {
    timestamps: times,
    series: d.series.map((s) => {
      const values: (number | null)[] = times.map(() => null);
      for (const p of s.points) values[index.get(Math.floor(p.t / 1000))!] = p.v;
      const label = s.name === "flows_active" ? "TCP flows" : s.name === "agent_turns_open" ? "open turns" : s.name;
      return { name: s.group ? `${label} · ${s.group}` : label, values };
    }),
  };
}

export default function OverviewPage() {
  const params = useViewParams();
  const summary = useApi<MetricSummary>("metrics/summary", params);
  const volume = useTimeseries(["call_count"], { group_by: "wire_api" });
  const latency = useTimeseries(["ttft_avg", "ttft_p95", "e2e_avg", "e2e_p95"]);
  const activity = useApi<{ points: ActivityPoint[] }>("traces/activity", params);
  // until /api/traces/activity exists: calls per agent kind from the metric windows
  const agentCalls = useTimeseries(["call_count"], { group_by: "agent_kind" }, activity.notFound);
  const agents = useApi<{ summary: AgentSummary[] }>("metrics/agents", params);
  const models = useModelRows(12);

  // the last hour of the pipelines' own gauges (kept in memory by the appliance, not in the capture's time)
  const since = useMemo(() => Date.now() - 3_600_000, []);
  const gauges = useApi<InternalSeries>("internal-metrics/series", { since, metrics: "flows_active,agent_turns_open" });
  const gaugeChart = useMemo(() => (gauges.data ? gaugeSeries(gauges.data) : null), [gauges.data]);
  const s = summary.data;
  const calls = s?.call_count ?? null;
  const rate = s ? (s.error_rate ?? errorRate(s.error_count, s.call_count)) : null;
  const tps = s?.tpot_avg ? 1000 / s.tpot_avg : null;
  const activityChart = activity.data ? activitySeries(activity.data.points) : null;

  const modelItems = (models.data ?? []).map((m) => ({ label: modelLabel(m), value: m.call_count }));
  const modelErrorItems = (models.data ?? []).map((m) => ({
    label: modelLabel(m),
    value: errorRate(m.error_count, m.call_count),
  }));

  const loaded = allSettled(summary, volume, latency, agents, activity.notFound ? agentCalls : activity, models);
  return (
    <Page name="overview" title="Overview" subtitle="LLM calls and agent turns seen on the wire" loaded={loaded}>
      <ErrorBanner error={summary.error} what="the summary" />
      <KpiRow>
        <KpiCard name="calls" label="Total calls" value={calls} display={fmtCount(calls)} />
        <KpiCard name="ttft" label="Avg TTFT" value={s?.ttft_avg} display={fmtMs(s?.ttft_avg)} hint="time to first token" />
        <KpiCard name="e2e" label="Avg E2E latency" value={s?.e2e_avg} display={fmtMs(s?.e2e_avg)} />
        <KpiCard
          name="error-rate"
          label="Call error rate"
          value={rate}
          display={fmtPercent(rate, 2)}
          tone={errorTone(rate)}
          hint={s ? `${fmtCount(s.error_count)} errors` : undefined}
        />
        <KpiCard
          name="tokens-in"
          label="Input tokens"
          value={s?.total_input_tokens}
          display={fmtCount(s?.total_input_tokens)}
          hint={s ? `${fmtCount(s.total_cache_read_input_tokens)} from cache` : undefined}
        />
        <KpiCard
          name="tokens-out"
          label="Output tokens"
          value={s?.total_output_tokens}
          display={fmtCount(s?.total_output_tokens)}
          hint={tps ? `${tps.toFixed(1)} tok/s generation` : undefined}
        />
        <KpiCard
          name="cost"
          label="Cost"
          value={s?.cost_usd}
          display={fmtCost(s?.cost_usd)}
          hint="from the price table"
        />
      </KpiRow>
      <PanelGrid>
        <Panel title="Call volume" subtitle={`calls per ${volume.granularity}, by wire API`}>
          <Loaded state={volume} what="call volume">
            {(ts) => (
              <TimeSeriesChart
                name="call-volume"
                timestamps={ts.timestamps}
                series={fieldSeries(ts, "call_count", { type: "bar", stack: "calls" })}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Latency" subtitle="TTFT and end-to-end, average and p95">
          <Loaded state={latency} what="latency">
            {(ts) => (
              <TimeSeriesChart
                name="latency"
                unit="ms"
                timestamps={ts.timestamps}
                series={[
                  ...fieldSeries(ts, "ttft_avg", { label: "TTFT avg" }),
                  ...fieldSeries(ts, "ttft_p95", { label: "TTFT p95", dashed: true }),
                  ...fieldSeries(ts, "e2e_avg", { label: "E2E avg" }),
                  ...fieldSeries(ts, "e2e_p95", { label: "E2E p95", dashed: true }),
                ]}
              />
            )}
          </Loaded>
        </Panel>
        <Panel
          title="Agent activity"
          subtitle={activity.notFound ? `calls per ${agentCalls.granularity}, by agent kind` : "turns per bucket, by agent kind"}
        >
          {activity.notFound ? (
            <Loaded state={agentCalls} what="agent activity">
              {(ts) => (
                <TimeSeriesChart
                  name="agent-activity"
                  timestamps={ts.timestamps}
                  series={fieldSeries(ts, "call_count", { area: true })}
                />
              )}
            </Loaded>
          ) : (
            <Loaded state={activity} what="agent activity">
              {() => (
                <TimeSeriesChart
                  name="agent-activity"
                  timestamps={activityChart?.timestamps ?? []}
                  series={activityChart?.series ?? []}
                />
              )}
            </Loaded>
          )}
        </Panel>
        <Panel title="Agent distribution" subtitle="turns by agent kind">
          <Loaded state={agents} what="agents">
            {(d) => (
              <BarList
                name="agent-distribution"
                items={d.summary.map((a) => ({ label: a.agent_kind, value: a.turn_count }))}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Model breakdown" subtitle="calls by model">
          <Loaded state={models} what="models">
            {() => <BarList name="model-breakdown" items={modelItems} />}
          </Loaded>
        </Panel>
        <Panel title="Error rate by model" subtitle="share of calls that failed">
          <Loaded state={models} what="models">
            {() => <BarList name="model-errors" unit="percent" items={modelErrorItems} />}
          </Loaded>
        </Panel>
        <Panel title="Live connections and turns" subtitle="TCP flows tracked and agent turns open, last hour" wide>
          <Loaded state={gauges} what="pipeline gauges">
            {() => (
              <TimeSeriesChart
                name="live-gauges"
                height={200}
                timestamps={gaugeChart?.timestamps ?? []}
                series={gaugeChart?.series ?? []}
                emptyText="No open flows or turns in the last hour"
              />
            )}
          </Loaded>
        </Panel>
      </PanelGrid>
    </Page>
  );
}
