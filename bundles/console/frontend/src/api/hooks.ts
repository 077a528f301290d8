import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, apiGet, type Params } from "./client";
import type { MetricSummary, Timeseries } from "./types";
import {
  GRANULARITIES,
  granularityFor,
  granularitySeconds,
  spanSeconds,
  timeBounds,
  useRefresh,
  useView,
  type Granularity,
} from "../state/view";

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer (data or error) arrived; stays false while refreshing. */
  loading: boolean;
  /** The route answered 404 (not built yet, or no such item). */
  notFound: boolean;
  /** True once an answer arrived, whatever it was. */
  settled: boolean;
}

/**
 * GETs an API path whenever its params change or the page refreshes; keeps the last answer while the next one
 * is on its way so a refresh never blanks the page. path null means "not yet" (a dependency is missing);
 * options.refresh false fetches only when path or params change (for lists that rarely change, like filter values).
 */
export function useApi<T>(path: string | null, params?: Params, options?: { refresh?: boolean }): ApiState<T> {
  const refresh = useRefresh();
  const tick = options?.refresh === false ? 0 : refresh.tick;
  const key = path === null ? null : path + JSON.stringify(params ?? {});
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; settled: boolean }>({
    key: null,
    settled: false,
  });
  const paramsRef = useRef(params);
  paramsRef.current = params;
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    apiGet<T>(path, paramsRef.current, ctl.signal).then(
      (data) => setState({ key, data, settled: true }),
      (e: unknown) => {
        if ((e as Error).name === "AbortError") return;
        const err = e instanceof ApiError ? e : new ApiError(0, null, String(e), path);
        setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: err, settled: true }));
      },
    );
    return () => ctl.abort();
  }, [key, tick, path]);
  const fresh = state.key === key;
  const error = fresh ? state.error : undefined;
  return {
    data: fresh || state.key !== null ? state.data : undefined,
    error,
    loading: !state.settled || (!fresh && state.data === undefined),
    notFound: error?.status === 404,
    settled: state.settled && fresh,
  };
}

/** The view's time bounds and filters as query params, recomputed on every refresh so presets slide. */
export function useViewParams(extra?: Params): Params {
  const { view } = useView();
  const { tick } = useRefresh();
  const extraKey = JSON.stringify(extra ?? {});
  return useMemo(() => {
    const b = timeBounds(view);
    return { ...view.filters, start: b.start, end: b.end, ...(extra ?? {}) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, tick, extraKey]);
}

/**
 * The granularity of the view's charts: the finest that keeps the range within MAX_BUCKETS buckets and that the
 * pipelines still hold for the whole range (fine windows are kept for less time than coarse ones). The summary of
 * the same range names the latter, and for "all" its seconds spanned (active_calls_sample_count) give the span.
 * Provided once by the shell (GranularityProvider); null until the summary answered.
 */
export function useViewGranularity(): Granularity | null {
  const { view } = useView();
  const params = useViewParams();
  const summary = useApi<MetricSummary>("metrics/summary", params);
  if (!summary.settled && summary.data === undefined) return null;
  const held = summary.data?.granularity;
  const span = spanSeconds(view) ?? Number(summary.data?.active_calls_sample_count ?? 0);
  const wanted = granularityFor(span);
  if (typeof held === "string" && GRANULARITIES.some(([g]) => g === held)) {
    return coarser(wanted, held as Granularity);
  }
  return wanted;
}

export const GranularityContext = createContext<Granularity | null>(null);

function coarser(a: Granularity, b: Granularity): Granularity {
  return granularitySeconds(a) >= granularitySeconds(b) ? a : b;
}

/**
 * /api/metrics/timeseries for the view at the shell's granularity (see useViewGranularity): waits until it is
 * known. enabled false sends nothing.
 */
export function useTimeseries(
  fields: string[],
  extra?: Params,
  enabled = true,
): ApiState<Timeseries> & { granularity: Granularity } {
  const chosen = useContext(GranularityContext);
  const granularity = chosen ?? "1m";
  const params = useViewParams({ fields: fields.join(","), granularity, ...(extra ?? {}) });
  const state = useApi<Timeseries>(enabled && chosen !== null ? "metrics/timeseries" : null, params);
  return { ...state, granularity };
}
