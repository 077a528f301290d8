// Pieces the Observe pages share: the panel that shows a request's state, series sums, model rows.
import type { ReactNode } from "react";
import type { ApiState } from "../api/hooks";
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
