import { createContext, useCallback, useContext, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { Params } from "../api/client";

// The global view (time range, filters, auto-refresh) lives in the URL query so a link reproduces it.

export const RANGE_PRESETS = ["5m", "15m", "1h", "6h", "24h", "7d", "all"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number] | "custom";
export const RANGE_SECONDS: Record<string, number> = {
  "5m": 300,
  "15m": 900,
  "1h": 3600,
  "6h": 21600,
  "24h": 86400,
  "7d": 604800,
};

export const FILTER_DIMS = ["wire_api", "model", "server_ip", "agent_kind"] as const;
export type FilterDim = (typeof FILTER_DIMS)[number];

export const REFRESH_OPTIONS = ["off", "5s", "10s", "30s", "1m"] as const;
export type RefreshOption = (typeof REFRESH_OPTIONS)[number];
export const REFRESH_MS: Record<RefreshOption, number> = { off: 0, "5s": 5000, "10s": 10000, "30s": 30000, "1m": 60000 };
export const DEFAULT_REFRESH: RefreshOption = "5s";

export const GRANULARITIES = [
  ["10s", 10],
  ["1m", 60],
  ["5m", 300],
  ["1h", 3600],
] as const;
export type Granularity = (typeof GRANULARITIES)[number][0];
export const MAX_BUCKETS = 600;

/** The finest granularity that keeps a span of seconds within MAX_BUCKETS buckets (1h beyond 25 days). */
export function granularityFor(spanSeconds: number): Granularity {
  for (const [name, s] of GRANULARITIES) {
    if (spanSeconds / s <= MAX_BUCKETS) return name;
  }
  return "1h";
}

export function granularitySeconds(g: Granularity): number {
  return GRANULARITIES.find(([n]) => n === g)![1];
}

export interface View {
  range: RangePreset;
  /** Custom range bounds, Unix seconds. */
  start: number | null;
  end: number | null;
  filters: Record<FilterDim, string[]>;
  refresh: RefreshOption;
}

function csv(v: string | null): string[] {
  return v ? v.split(",").map((s) => s.trim()).filter(Boolean) : [];
}

function seconds(v: string | null): number | null {
  if (!v || !/^\d{1,10}$/.test(v)) return null;
  return Number(v);
}

export function parseView(q: URLSearchParams): View {
  const start = seconds(q.get("start"));
  const end = seconds(q.get("end"));
  const r = q.get("range");
  let range: RangePreset = (RANGE_PRESETS as readonly string[]).includes(r ?? "") ? (r as RangePreset) : "all";
  if (start !== null || end !== null) range = "custom";
  const refresh = (REFRESH_OPTIONS as readonly string[]).includes(q.get("refresh") ?? "")
    ? (q.get("refresh") as RefreshOption)
    : DEFAULT_REFRESH;
  const filters = Object.fromEntries(FILTER_DIMS.map((d) => [d, csv(q.get(d))])) as Record<FilterDim, string[]>;
  return { range, start, end, filters, refresh };
}

/** The view's time bounds in Unix seconds now: a preset ends at the present, "all" has none. */
export function timeBounds(view: View, nowMs = Date.now()): { start?: number; end?: number } {
  if (view.range === "custom") {
    return { start: view.start ?? undefined, end: view.end ?? undefined };
  }
  const span = RANGE_SECONDS[view.range];
  if (!span) return {};
  const end = Math.ceil(nowMs / 1000);
  return { start: end - span, end };
}

/** The span a preset or custom range covers, or null for "all" / open-ended ranges. */
export function spanSeconds(view: View): number | null {
  if (view.range === "custom") {
    if (view.start === null) return null;
    return (view.end ?? Math.ceil(Date.now() / 1000)) - view.start;
  }
  return RANGE_SECONDS[view.range] ?? null;
}

export function useView() {
  const [q, setQ] = useSearchParams();
  const view = useMemo(() => parseView(q), [q]);
  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      setQ(
        (prev) => {
          const next = new URLSearchParams(prev);
          change(next);
          return next;
        },
        { replace: false },
      );
    },
    [setQ],
  );
  const setRange = useCallback(
    (range: RangePreset, start?: number | null, end?: number | null) =>
      update((n) => {
        n.delete("start");
        n.delete("end");
        if (range === "custom") {
          n.delete("range");
          if (start != null) n.set("start", String(start));
          if (end != null) n.set("end", String(end));
        } else if (range === "all") {
          n.delete("range");
        } else {
          n.set("range", range);
        }
      }),
    [update],
  );
  const setFilter = useCallback(
    (dim: FilterDim, values: string[]) =>
      update((n) => {
        if (values.length) n.set(dim, values.join(","));
        else n.delete(dim);
      }),
    [update],
  );
  const setRefresh = useCallback(
    (r: RefreshOption) =>
      update((n) => {
        if (r === DEFAULT_REFRESH) n.delete("refresh");
        else n.set("refresh", r);
      }),
    [update],
  );
  return { view, setRange, setFilter, setRefresh };
}

/** The current view's global query parameters (filters only; time bounds come from useTimeParams). */
export function filterParams(view: View): Params {
  return { ...view.filters };
}

/** The query string of the view's global state, for links that keep it (e.g. sidebar navigation). */
export function viewSearch(q: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const k of ["range", "start", "end", "refresh", ...FILTER_DIMS]) {
    const v = q.get(k);
    if (v) keep.set(k, v);
  }
  const s = keep.toString();
  return s ? "?" + s : "";
}

// Refresh: a counter every data hook depends on; bumped by the live stream, the timer or the refresh button.
export interface RefreshState {
  tick: number;
  bump: () => void;
  live: "connecting" | "live" | "timer" | "off";
}
export const RefreshContext = createContext<RefreshState>({ tick: 0, bump: () => {}, live: "off" });
export function useRefresh(): RefreshState {
  return useContext(RefreshContext);
}
