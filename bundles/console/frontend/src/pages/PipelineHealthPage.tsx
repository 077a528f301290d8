import { useEffect, useMemo, useRef, useState } from "react";
import { useApi } from "../api/hooks";
import { TimeSeriesChart } from "../charts/TimeSeriesChart";
import { DataTable, type Column } from "../components/DataTable";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { HealthPill, QueueBar } from "../components/operate/AppBadge";
import {
  assess,
  FUNNEL,
  funnelOf,
  isCritical,
  isWarning,
  metricsFromCounters,
  seriesLines,
  type Health,
  type HealthPipeline,
  type InternalMetric,
  type InternalMetrics,
  type InternalSeries,
} from "../components/operate/pipelineHealth";
import { useQueryChoice } from "../components/operate/ViewTabs";
import { fmtBytes, fmtCount, fmtMs } from "../format";

interface PipelineView {
  name: string;
  metrics: InternalMetric[];
  health: HealthPipeline | undefined;
}

interface MetricRow extends InternalMetric {
  pipeline: string;
  delta: number | null;
}

const WINDOWS = ["15m", "1h", "6h", "24h"] as const;
type SeriesWindow = (typeof WINDOWS)[number];
const WINDOW_MS: Record<SeriesWindow, number> = { "15m": 900_000, "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000 };
const GAUGE_SERIES = ["flows_active", "agent_turns_open"];

function Funnel({ metrics }: { metrics: InternalMetric[] }) {
  const stages = funnelOf(metrics);
  const max = Math.max(1, ...stages.map((s) => s.value ?? 0));
  return (
    <div className="op-funnel" data-testid="funnel">
      {stages.map((s) => (
        <div className="op-funnel-row" key={s.stage} data-testid="funnel-stage" data-id={s.stage.toLowerCase()} data-value={s.value ?? ""}>
          <div>
            {s.stage}
            {s.name ? <div className="muted mono op-funnel-name">{s.name}</div> : null}
          </div>
          <div className="op-funnel-bar">
            <div className="op-funnel-fill" style={{ width: `${s.value ? Math.max(1, (100 * s.value) / max) : 0}%` }} />
          </div>
          <div className="op-funnel-value">{fmtCount(s.value)}</div>
        </div>
      ))}
    </div>
  );
}

function Drops({ metrics }: { metrics: InternalMetric[] }) {
  const all = metrics.filter((m) => m.kind === "counter" && isWarning(m.name));
  const drops = all.filter((m) => m.value > 0);
  if (all.length === 0) return null;
  if (drops.length === 0) {
    return (
      <p className="op-note" data-testid="drops" data-value="0">
        No drops or errors ({all.length} drop and error counters, all zero).
      </p>
    );
  }
  return (
    <div className="op-drops" data-testid="drops" data-value={drops.length}>
      {drops.map((m) => (
        <span
          key={m.name}
          className={"op-drop mono " + (isCritical(m.name) ? "op-drop-bad" : "op-drop-warn")}
          data-testid="drop"
          data-id={m.name}
          data-value={m.value}
          title={isCritical(m.name) ? "data was lost or not written" : "reconstruction degraded"}
        >
          {m.name} {fmtCount(m.value)}
        </span>
      ))}
    </div>
  );
}

function PipelineCard({ p, previous }: { p: PipelineView; previous: Map<string, number> | undefined }) {
  const running = p.health?.running ?? true;
  const a = assess(p.metrics, previous, running, p.health?.failure ?? null);
  const queues = p.metrics.filter((m) => m.capacity !== undefined);
  const sources = p.health?.sources ?? [];
  const writer = p.health?.storage;
  return (
    <Panel
      testId="pipeline"
      title={
        <span className="op-pipeline-head" data-id={p.name} data-level={a.level}>
          <span className="mono">{p.name}</span>
          <HealthPill level={a.level} label={a.level === "stopped" ? (p.health?.state ?? "stopped") : undefined} />
        </span>
      }
      subtitle={a.level === "stopped" ? undefined : (p.health?.state ?? undefined)}
    >
      {sources.length > 0 || writer ? (
        <div className="op-pipeline-meta muted">
          {sources.map((s) => (
            <span key={s.id} title={s.id}>
              source {s.id.length > 40 ? "…" + s.id.slice(-40) : s.id}: {fmtCount(s.packets)} packets
              {s.bytes_total > 0 ? ` · ${Math.round((100 * s.bytes_read) / s.bytes_total)}% read` : ""}
              {s.finished ? " · finished" : ""}
              {s.damaged > 0 ? ` · ${s.damaged} damaged` : ""}
            </span>
          ))}
          {writer ? (
            <span>
              writer {writer.backend ?? "–"} · {writer.healthy ? "healthy" : "unhealthy"}
              {writer.last_error ? " · " + writer.last_error : ""}
            </span>
          ) : null}
        </div>
      ) : null}
      {a.reasons.length > 0 ? (
        <ul className="op-reasons" data-testid="health-reasons">
          {a.reasons.slice(0, 8).map((r) => (
            <li key={r.text} className={"op-" + r.level}>
              {r.text}
            </li>
          ))}
        </ul>
      ) : null}
      <Funnel metrics={p.metrics} />
      <Drops metrics={p.metrics} />
      {queues.map((q) => (
        <QueueBar key={q.name} name={q.name} value={q.value} capacity={q.capacity!} />
      ))}
      {writer && writer.capacity_rows > 0 ? (
        <QueueBar name="storage writer rows" value={writer.queued_rows} capacity={writer.capacity_rows} />
      ) : null}
    </Panel>
  );
}

function MetricTable({ rows }: { rows: MetricRow[] }) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = q
    ? rows.filter((r) => (r.pipeline + " " + r.name + " " + r.group + " " + r.kind).toLowerCase().includes(q))
    : rows;
  const columns: Column<MetricRow>[] = [
    { key: "pipeline", label: "Pipeline", render: (r) => <span className="mono">{r.pipeline}</span> },
    {
      key: "name",
      label: "Counter",
      render: (r) => (
        <span className={"mono" + (r.value > 0 && isCritical(r.name) ? " op-tone-bad" : r.value > 0 && isWarning(r.name) ? " op-tone-warn" : "")}>
          {r.name}
        </span>
      ),
    },
    { key: "group", label: "Group" },
    { key: "kind", label: "Kind" },
    { key: "value", label: "Value", align: "right", render: (r) => (r.name.endsWith("bytes") ? fmtBytes(r.value) : r.value.toLocaleString("en-US")) },
    { key: "capacity", label: "Capacity", align: "right", render: (r) => (r.capacity === undefined ? "–" : r.capacity.toLocaleString("en-US")) },
    {
      key: "delta",
      label: "Δ since refresh",
      align: "right",
      render: (r) => (r.delta === null ? "–" : (r.delta > 0 ? "+" : "") + r.delta.toLocaleString("en-US")),
    },
  ];
  return (
    <>
      <div className="op-toolrow">
        <input
          className="input"
          type="search"
          placeholder="Search counters (name, group, pipeline)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="metric-search"
          aria-label="Search counters"
        />
        <span className="muted">
          {shown.length} of {rows.length}
        </span>
      </div>
      <DataTable columns={columns} rows={shown} rowId={(r) => r.pipeline + "/" + r.name} pageSize={50} empty="No counter matches" />
    </>
  );
}

export default function PipelineHealthPage() {
  const health = useApi<Health>("health");
  const internal = useApi<InternalMetrics>("internal-metrics");
  const [win, setWin] = useQueryChoice<SeriesWindow>("window", WINDOWS, "1h");

  const pipelines = useMemo<PipelineView[]>(() => {
    const byName = new Map((health.data?.pipelines ?? []).map((p) => [p.name, p]));
    if (internal.data) {
      return internal.data.pipelines.map((p) => ({ name: p.name, metrics: p.metrics, health: byName.get(p.name) }));
    }
    // without /api/internal-metrics: the same counters from /api/health
    return (health.data?.pipelines ?? []).map((p) => ({ name: p.name, metrics: metricsFromCounters(p.counters ?? {}), health: p }));
  }, [health.data, internal.data]);
  const globalMetrics = useMemo(() => internal.data?.global.metrics ?? [], [internal.data]);

  // each counter's value at the previous refresh, for deltas
  const snapshot = useMemo(() => {
    const m = new Map<string, Map<string, number>>();
    for (const p of [...pipelines, { name: "global", metrics: globalMetrics }]) {
      m.set(p.name, new Map(p.metrics.map((x) => [x.name, x.value])));
    }
    return m;
  }, [pipelines, globalMetrics]);
  const last = useRef<Map<string, Map<string, number>> | undefined>(undefined);
  const [previous, setPrevious] = useState<Map<string, Map<string, number>> | undefined>(undefined);
  useEffect(() => {
    if (snapshot.size > 1 || pipelines.length > 0) {
      setPrevious(last.current);
      last.current = snapshot;
    }
  }, [snapshot, pipelines.length]);

  const seriesNames = useMemo(() => {
    const names = new Set<string>(GAUGE_SERIES);
    for (const p of pipelines) {
      for (const f of funnelOf(p.metrics)) if (f.name && f.name !== "flows_active") names.add(f.name);
      for (const m of p.metrics) if (m.kind === "counter" && isWarning(m.name) && m.value > 0) names.add(m.name);
    }
    return [...names].slice(0, 32);
  }, [pipelines]);
  const since = useMemo(() => Date.now() - WINDOW_MS[win], [win, health.data]); // slides with each refresh
  const series = useApi<InternalSeries>("internal-metrics/series", { since: Math.floor(since), metrics: seriesNames.join(",") });
  const funnelNames = seriesNames.filter((n) => FUNNEL.some((f) => f.names.includes(n)) && !GAUGE_SERIES.includes(n));
  const dropNames = seriesNames.filter((n) => isWarning(n));
  const gauges = useMemo(() => seriesLines(series.data, GAUGE_SERIES, false), [series.data]);
  const throughput = useMemo(() => seriesLines(series.data, funnelNames, true), [series.data, funnelNames.join()]);
  const drops = useMemo(() => seriesLines(series.data, dropNames, true), [series.data, dropNames.join()]);

  const rows = useMemo<MetricRow[]>(
    () =>
      [...pipelines, { name: "global", metrics: globalMetrics }].flatMap((p) =>
        p.metrics.map((m) => {
          const before = previous?.get(p.name)?.get(m.name);
          return { ...m, pipeline: p.name, delta: before === undefined ? null : m.value - before };
        }),
      ),
    [pipelines, globalMetrics, previous],
  );

  const h = health.data;
  const running = h ? h.pipelines.filter((p) => p.running).length : null;
  const levels = pipelines.map((p) => assess(p.metrics, previous?.get(p.name), p.health?.running ?? true, p.health?.failure ?? null).level);
  const worst = levels.includes("critical") ? "critical" : levels.includes("warning") ? "warning" : levels.includes("stopped") ? "stopped" : "ok";
  const packets = pipelines.reduce((a, p) => a + (funnelOf(p.metrics)[0].value ?? 0), 0);

  const loaded = health.settled && internal.settled;
  return (
    <Page
      name="health"
      title="Pipeline Health"
      subtitle="The appliance's own counters: capture, reassembly, decoding, turns, storage"
      loaded={loaded}
      actions={h ? <HealthPill level={h.status === "ready" ? worst : "critical"} label={h.status === "ready" ? worst : h.status} /> : undefined}
    >
      <ErrorBanner error={health.error} what="the appliance's health" />
      <KpiRow>
        <KpiCard
          name="pipelines"
          label="Pipelines running"
          value={running}
          display={h ? `${running} / ${h.pipelines.length}` : "–"}
          tone={h && running !== h.pipelines.length ? "warn" : undefined}
        />
        <KpiCard name="status" label="Status" value={h ? (h.status === "ready" ? 1 : 0) : null} display={h?.status ?? "–"} tone={h && h.status !== "ready" ? "bad" : undefined} />
        <KpiCard name="uptime" label="Uptime" value={h?.uptime_secs} display={fmtMs(h ? h.uptime_secs * 1000 : null)} hint={h?.version ? "version " + h.version : undefined} />
        <KpiCard name="packets" label="Packets received" value={pipelines.length ? packets : null} display={fmtCount(pipelines.length ? packets : null)} />
        <KpiCard
          name="calls-written"
          label="Calls stored"
          value={h?.storage.calls_written}
          display={fmtCount(h?.storage.calls_written)}
          hint={h ? `${h.storage.type ?? "no storage"}${h.storage.healthy ? "" : " · unhealthy"}` : undefined}
          tone={h && !h.storage.healthy ? "bad" : undefined}
        />
        <KpiCard
          name="write-errors"
          label="Write errors"
          value={h?.storage.write_errors}
          display={fmtCount(h?.storage.write_errors)}
          tone={h && h.storage.write_errors > 0 ? "bad" : undefined}
        />
      </KpiRow>
      {h?.storage.last_error ? (
        <div className="banner banner-error" role="alert">
          <strong>Storage:</strong> <span>{h.storage.last_error}</span>
        </div>
      ) : null}
      {internal.notFound ? (
        <p className="op-note" data-testid="internal-metrics-missing">
          This appliance does not serve /api/internal-metrics; the counters below come from /api/health.
        </p>
      ) : (
        <ErrorBanner error={internal.error} what="internal metrics" />
      )}
      {loaded && pipelines.length === 0 ? <EmptyState title="No pipelines running">Start a pipeline (e.g. --pcap-file or an interface) to see its counters.</EmptyState> : null}
      <PanelGrid>
        {pipelines.map((p) => (
          <PipelineCard key={p.name} p={p} previous={previous?.get(p.name)} />
        ))}
      </PanelGrid>
      <div className="op-toolrow">
        <label className="muted" htmlFor="health-window">
          History
        </label>
        <select id="health-window" className="input" value={win} onChange={(e) => setWin(e.target.value as SeriesWindow)} data-testid="health-window">
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              last {w}
            </option>
          ))}
        </select>
        <span className="muted">wall-clock time, sampled by the pipelines every few seconds</span>
      </div>
      {series.notFound ? (
        <EmptyState title="No counter history on this appliance">This appliance does not serve /api/internal-metrics/series.</EmptyState>
      ) : (
        <PanelGrid>
          <ErrorBanner error={series.error} what="counter history" />
          <Panel title="Flows and open turns" subtitle="TCP flows tracked, agent turns open">
            <TimeSeriesChart name="health-gauges" timestamps={gauges.timestamps} series={gauges.series} height={220} emptyText="No samples in this window" />
          </Panel>
          <Panel title="Throughput" subtitle="funnel counters per second">
            <TimeSeriesChart name="health-throughput" unit="rate" timestamps={throughput.timestamps} series={throughput.series} height={220} emptyText="No samples in this window" />
          </Panel>
          {dropNames.length > 0 ? (
            <Panel title="Drops and errors" subtitle="per second" wide>
              <TimeSeriesChart name="health-drops" unit="rate" timestamps={drops.timestamps} series={drops.series} height={200} emptyText="No drops in this window" />
            </Panel>
          ) : null}
        </PanelGrid>
      )}
      <Panel wide title="All counters" subtitle="every pipeline's counters and the global ones">
        <MetricTable rows={rows} />
      </Panel>
    </Page>
  );
}
