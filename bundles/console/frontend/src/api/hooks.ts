import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, apiGet, type Params } from "./client";
import type { Timeseries } from "./types";
import {
  GRANULARITIES,
  granularityFor,
  granularitySeconds,
  MAX_BUCKETS,
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
 * is on its way so a refresh never blanks the page. path null means "not yet" (a dependency is missing).
 */
export function useApi<T>(path: string | null, params?: Params): ApiState<T> {
  const { tick } = useRefresh();
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

// For "all" the span is only known from an answer: remember which granularity the last one needed.
let allRangeGranularity: Granularity = "1m";

/**
 * /api/metrics/timeseries for the view, at the granularity that keeps it within MAX_BUCKETS: fixed from the
 * span for a preset; for "all", adjusted after an answer shows how long the stored span really is.
 */
export function useTimeseries(fields: string[], extra?: Params): ApiState<Timeseries> & { granularity: Granularity } {
  const { view } = useView();
  const span = spanSeconds(view);
  const [allG, setAllG] = useState<Granularity>(allRangeGranularity);
  const granularity = span !== null ? granularityFor(span) : allG;
  const params = useViewParams({ fields: fields.join(","), granularity, ...(extra ?? {}) });
  const state = useApi<Timeseries>("metrics/timeseries", params);
  const n = state.data?.timestamps.length ?? 0;
  useEffect(() => {
    if (span !== null || !state.settled) return;
    let want: Granularity = allG;
    if (state.data) {
      const covered = n * granularitySeconds(allG);
      want = granularityFor(covered);
    } else if (state.error?.status === 400) {
      // too many buckets for this granularity: step to the next coarser one
      const i = GRANULARITIES.findIndex(([g]) => g === allG);
      if (i < GRANULARITIES.length - 1) want = GRANULARITIES[i + 1][0];
    }
    if (want !== allG && (n > MAX_BUCKETS || state.error || finer(want, allG))) {
      allRangeGranularity = want;
      setAllG(want);
    }
  }, [span, state.settled, state.data, state.error, n, allG]);
  return { ...state, granularity };
}

function finer(a: Granularity, b: Granularity): boolean {
  return granularitySeconds(a) < granularitySeconds(b);
}
