import { useEffect, useState } from "react";
import { ApiError, apiGet } from "../../api/client";

/**
 * One GET of an immutable item (a stored call's transcript or bodies): not repeated on refresh ticks, so a turn
 * with many calls does not refetch every body every few seconds.
 */
export function useOnce<T>(path: string | null): { data?: T; error?: ApiError; settled: boolean } {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError }>({ path: null });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    apiGet<T>(path, undefined, ctl.signal).then(
      (data) => setState({ path, data }),
      (e: unknown) => {
        if ((e as Error).name === "AbortError") return;
        setState({ path, error: e instanceof ApiError ? e : new ApiError(0, null, String(e), path) });
      },
    );
    return () => ctl.abort();
  }, [path]);
  const fresh = state.path === path;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, settled: fresh };
}
