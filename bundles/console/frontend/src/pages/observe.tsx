// Pieces the Observe pages share: the panel that shows a request's state, series sums, model rows.
import type { ReactNode } from "react";
import { useApi, useTimeseries, useViewParams, type ApiState } from "../api/hooks";
import type { ApiError } from "../api/client";
import type { ModelRow, Timeseries } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";

/** Renders children once the request answered; a 404 (route not on this appliance yet) shows an empty state. */
export function Loaded<T>({
  state,
  what,
  children,
}: {
  state: ApiState<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (state.notFound) {
    return <EmptyState title={`No ${what} on this appliance`}>This appliance does not serve it yet.</EmptyState>;
  }
  if (state.error && state.data === undefined) return <ErrorBanner error={state.error} what={what} />;
  if (state.data === undefined) return <div className="loading">Loading…</div>;
  return (
    <>
      {state.error ? <ErrorBanner error={state.error} what={what} /> : null}
      {children(state.data)}
    </>
  );
}

/** True once every request answered (data, error or 404). */
export function allSettled(...states: { settled: boolean; data?: unknown; error?: ApiError }[]): boolean {
  return states.every((s) => s.settled || s.data !== undefined || s.error !== undefined);
}

/** Each group's total of one field over the buckets: {group → sum}. */
export function groupTotals(ts: Timeseries | undefined, field: string): { label: string; value: number }[] {
  if (!ts) return [];
  return ts.series
    .filter((s) => s.name === field)
    .map((s) => ({ label: s.group ?? field, value: s.values.reduce<number>((a, v) => a + (v ?? 0), 0) }));
}

export function modelLabel(m: Pick<ModelRow, "model" | "wire_api">): string {
  return (m.model || "(no model)") + " · " + m.wire_api;
}

export function errorRate(errors: number | null | undefined, calls: number | null | undefined): number | null {
  if (!calls) return null;
  return (errors ?? 0) / calls;
}

/** Error-rate tone for KPI cards: over 5 % bad, over 1 % warn. */
export function errorTone(rate: number | null | undefined): "good" | "warn" | "bad" | undefined {
  if (rate === null || rate === undefined) return undefined;
  return rate > 0.05 ? "bad" : rate > 0.01 ? "warn" : undefined;
}

const MODEL_FIELDS = [
  "call_count",
  "error_count",
  "error_4xx_count",
  "error_429_count",
  "error_5xx_count",
  "total_input_tokens",
  "total_output_tokens",
  "ttft_sum",
  "ttft_count",
  "e2e_sum",
  "e2e_count",
  "tpot_sum",
  "tpot_count",
  "cost_usd",
];

/** Model rows summed from a timeseries grouped by wire API and model (no percentiles: sums do not add up to them). */
export function modelRowsOf(ts: Timeseries | undefined): ModelRow[] {
  if (!ts) return [];
  const rows = new Map<string, Record<string, number> & { wire_api: string; model: string }>();
  for (const s of ts.series) {
    const wire = s.labels?.wire_api ?? "";
    const model = s.labels?.model ?? "";
    const k = wire + "\u0000" + model;
    const row = rows.get(k) ?? ({ wire_api: wire, model } as Record<string, number> & { wire_api: string; model: string });
    row[s.name] = (row[s.name] ?? 0) + s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
    rows.set(k, row);
  }
  const avg = (sum: number | undefined, n: number | undefined) => (n ? (sum ?? 0) / n : null);
  return [...rows.values()]
    .map((r) => ({
      wire_api: r.wire_api,
      model: r.model,
      call_count: r.call_count ?? 0,
      error_count: r.error_count ?? 0,
      error_4xx_count: r.error_4xx_count ?? 0,
      error_429_count: r.error_429_count ?? 0,
      error_5xx_count: r.error_5xx_count ?? 0,
      total_input_tokens: r.total_input_tokens ?? 0,
      total_output_tokens: r.total_output_tokens ?? 0,
      ttft_avg: avg(r.ttft_sum, r.ttft_count),
      ttft_p95: null,
      e2e_avg: avg(r.e2e_sum, r.e2e_count),
      e2e_p95: null,
      tpot_avg: avg(r.tpot_sum, r.tpot_count),
      total_cost_usd: r.cost_usd ?? null,
    }))
    .filter((r) => r.call_count > 0)
    .sort((a, b) => b.call_count - a.call_count);
}

/**
 * Per-model totals for the view: /api/metrics/models, or — where the appliance does not serve it yet (404) — the
 * same sums read from the timeseries grouped by wire API and model.
 */
export function useModelRows(limit = 50): ApiState<ModelRow[]> & { fallback: boolean } {
  const params = useViewParams({ limit });
  const models = useApi<{ models: ModelRow[] }>("metrics/models", params);
  const ts = useTimeseries(MODEL_FIELDS, { group_by: "wire_api,model" }, models.notFound);
  if (!models.notFound) {
    return { ...models, data: models.data?.models, fallback: false };
  }
  return { ...ts, data: ts.data ? modelRowsOf(ts.data) : undefined, fallback: true };
}
