import { useEffect, useState } from "react";
import { ApiError, apiGet } from "../../api/client";

/**
 * One GET of an immutable item (a stored call's transcript or bodies): not repeated on refresh ticks, so a turn
 * with many calls does not refetch every body every few seconds. A new version (e.g. the call completed) fetches
 * again.
 */
export function useOnce<T>(path: string | null, version = ""): { data?: T; error?: ApiError; settled: boolean } {
  const key = path === null ? null : path + "#" + version;
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError }>({ path: null });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    apiGet<T>(path, undefined, ctl.signal).then(
      (data) => setState({ path: key, data }),
      (e: unknown) => {
        if ((e as Error).name === "AbortError") return;
        setState({ path: key, error: e instanceof ApiError ? e : new ApiError(0, null, String(e), path) });
      },
    );
    return () => ctl.abort();
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const fresh = state.path === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, settled: fresh };
}
