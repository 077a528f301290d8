// Pipeline health: the counters' shape, a pipeline's health level, the funnel stages and the series as chart lines.

export interface InternalMetric {
  name: string;
  group: string;
  kind: "counter" | "gauge" | string;
  value: number;
  capacity?: number;
}

export interface InternalMetrics {
  ts: number;
  pipelines: { name: string; metrics: InternalMetric[] }[];
  global: { metrics: InternalMetric[] };
}

export interface InternalSeries {
  ts: number;
  series: { name: string; group: string; pipeline?: string; points: { t: number; v: number }[] }[];
}

export interface HealthPipeline {
  name: string;
  running: boolean;
  state: string | null;
  failure: string | null;
  sources: { id: string; bytes_read: number; bytes_total: number; packets: number; damaged: number; finished: boolean }[];
  counters: Record<string, number>;
  storage?: { backend: string | null; bound: boolean; healthy: boolean; last_error: string | null; queued_rows: number; capacity_rows: number; dropped_calls: number; dropped_exchanges: number; dropped_metric_records: number };
}

export interface Health {
  status: string;
  version: string;
  uptime_secs: number;
  pipelines: HealthPipeline[];
  storage: { type: string | null; location: string | null; healthy: boolean; calls_written: number; exchanges_written: number; write_errors: number; last_error: string | null; buffered_rows: number; buffered_bytes: number };
}

const CAPACITY = "_capacity";

/** The counters of /api/health in the internal-metrics shape, for appliances that do not serve that route. */
export function metricsFromCounters(counters: Record<string, number>): InternalMetric[] {
  const out: InternalMetric[] = [];
  for (const [name, value] of Object.entries(counters)) {
    if (name.endsWith(CAPACITY) && name.slice(0, -CAPACITY.length) in counters) continue;
    const capacity = counters[name + CAPACITY];
    out.push({
      name,
      group: groupOf(name),
      kind: capacity !== undefined || name.startsWith("q_") || GAUGES.has(name) ? "gauge" : "counter",
      value,
      ...(capacity !== undefined ? { capacity } : {}),
    });
  }
  return out;
}

const GAUGES = new Set(["flows_active", "turns_in_progress", "turn_sessions", "decoders", "storage_bound", "storage_healthy", "agent_turns_open", "buffered_rows", "buffered_bytes"]);

function groupOf(name: string): string {
  if (["pkts_received", "bytes_received", "pkts_dropped_backpressure", "read_errors", "pkts_truncated"].includes(name)) return "capture";
  if (name.startsWith("q_storage") || name.startsWith("flushed_") || name.startsWith("storage_") || name === "flush_errors") return "storage";
  if (name.startsWith("turn") || name === "agent_turns_open") return "turn";
  if (name.startsWith("metric_")) return "metrics";
  if (name.startsWith("wires_") || name.startsWith("decode") || name.startsWith("calls_")) return "llm";
  return "protocol";
}

/** Counters whose growth means lost data or a broken stage. */
const CRITICAL = [
  /^pkts_dropped_(kernel|backpressure)$/,
  /^(flush|read|write|dump|worker|internal)_errors$/,
  /^batches_dropped/,
  /^storage_dropped_/,
  /^dropped_(calls|exchanges)$/,
];
/** Counters that mean degraded reconstruction (a call partial, a body cut, a late event), not lost storage. */
const WARNING = [/dropped/, /errors?$/, /resyncs?$/, /discarded/, /_late$/, /_late_/, /unpaired/, /truncated/, /damaged/, /gaps_skipped/, /_partial$/, /incomplete$/, /failures$/, /ambiguous$/];
/** Dropped by design: traffic that is not TCP/IP is not Egret's to read. */
const EXPECTED = [/^pkts_dropped_not_(ip|tcp)$/];

export function isCritical(name: string): boolean {
  return CRITICAL.some((r) => r.test(name));
}
export function isWarning(name: string): boolean {
  if (EXPECTED.some((r) => r.test(name))) return false;
  return isCritical(name) || WARNING.some((r) => r.test(name));
}

export type Level = "ok" | "warning" | "critical" | "stopped";

export interface Assessment {
  level: Level;
  reasons: { level: "warning" | "critical"; text: string }[];
}

/**
 * A pipeline's health: critical when a loss counter (data dropped or not written) is above zero, a queue is
 * ≥ 95 % full, or the pipeline failed; warning for other drop/error counters above zero or a queue ≥ 90 %.
 * previous is each counter's value at the last refresh, to say how much it grew since.
 */
export function assess(metrics: InternalMetric[], previous: Map<string, number> | undefined, running: boolean, failure: string | null): Assessment {
  const reasons: Assessment["reasons"] = [];
  if (failure) reasons.push({ level: "critical", text: "failed: " + failure });
  for (const m of metrics) {
    if (m.capacity !== undefined && m.capacity > 0) {
      const r = m.value / m.capacity;
      if (r >= 0.95) reasons.push({ level: "critical", text: `${m.name} ${(r * 100).toFixed(0)}% full` });
      else if (r >= 0.9) reasons.push({ level: "warning", text: `${m.name} ${(r * 100).toFixed(0)}% full` });
      continue;
    }
    if (m.kind !== "counter" || m.value <= 0) continue;
    const before = previous?.get(m.name);
    const growth = before !== undefined && m.value > before ? ` (+${m.value - before} since the last refresh)` : "";
    if (isCritical(m.name)) {
      reasons.push({ level: "critical", text: `${m.name} = ${m.value}${growth}` });
    } else if (isWarning(m.name)) {
      reasons.push({ level: "warning", text: `${m.name} = ${m.value}${growth}` });
    }
  }
  const level: Level = reasons.some((r) => r.level === "critical")
    ? "critical"
    : !running
      ? "stopped"
      : reasons.length > 0
        ? "warning"
        : "ok";
  return { level, reasons };
}

/** The funnel packet → flow → exchange → call → turn: the first counter present of each stage's candidates. */
export const FUNNEL: { stage: string; names: string[] }[] = [
  { stage: "Packets", names: ["pkts_received", "pkts_parsed", "pkts_routed"] },
  { stage: "Flows", names: ["flows_created", "flows_opened", "flows_total", "flows_expired", "flows_active"] },
  { stage: "Exchanges", names: ["http_exchanges", "http_exchanges_joined", "http_exchanges_decoded", "exchanges"] },
  { stage: "Calls", names: ["wires_detected", "calls_detected", "turn_calls_assembled", "calls_ingested", "flushed_calls"] },
  { stage: "Turns", names: ["turns_complete", "turns_completed", "turns_closed", "flushed_turns"] },
];

export function funnelOf(metrics: InternalMetric[]): { stage: string; name: string | null; value: number | null }[] {
  const byName = new Map(metrics.map((m) => [m.name, m.value]));
  return FUNNEL.map((f) => {
    const name = f.names.find((n) => byName.has(n)) ?? null;
    return { stage: f.stage, name, value: name === null ? null : byName.get(name)! };
  });
}

/** Series points (ms) on one axis of seconds; counters as a rate per second, gauges as they are. */
export function seriesLines(
  d: InternalSeries | undefined,
  names: string[],
  asRate: boolean,
): { timestamps: number[]; series: { name: string; values: (number | null)[] }[] } {
  if (!d) return { timestamps: [], series: [] };
  const chosen = d.series.filter((s) => names.includes(s.name));
  const times = [...new Set(chosen.flatMap((s) => s.points.map((p) => Math.floor(p.t / 1000))))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  return {
    timestamps: times,
    series: chosen.map((s) => {
      const values: (number | null)[] = times.map(() => null);
      const pts = [...s.points].sort((a, b) => a.t - b.t);
      pts.forEach((p, i) => {
        const at = index.get(Math.floor(p.t / 1000))!;
        if (!asRate) values[at] = p.v;
        else if (i > 0) {
          const dt = (p.t - pts[i - 1].t) / 1000;
          const dv = p.v - pts[i - 1].v;
          values[at] = dt > 0 && dv >= 0 ? dv / dt : null; // a restart resets the counter: no rate there
        }
      });
      return { name: s.pipeline ? `${s.name} · ${s.pipeline}` : s.name, values };
    }),
  };
}
