import { useCallback, useEffect, useRef, useState } from "react";

export type LiveMode = "connecting" | "live" | "timer" | "off";

/**
 * The refresh counter of the tab. One EventSource on /api/live bumps it when a status event arrives, at most once
 * per interval; when the stream is refused (404, 401, no server) a timer bumps it every interval instead. An
 * interval of 0 (auto-refresh off) stops both. Hidden tabs do not refresh.
 */
export function useLiveRefresh(intervalMs: number): {
  tick: number;
  bump: () => void;
  reconnect: () => void;
  live: LiveMode;
} {
  const [tick, setTick] = useState(0);
  // bumped to open the stream again, e.g. after signing in (a refused stream is not retried by the browser)
  const [attempt, setAttempt] = useState(0);
  const [stream, setStream] = useState<"connecting" | "open" | "closed">("connecting");
  const last = useRef(0);
  const pending = useRef<number | undefined>(undefined);
  const interval = useRef(intervalMs);
  interval.current = intervalMs;

  const bump = useCallback(() => {
    last.current = Date.now();
    setTick((t) => t + 1);
  }, []);

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setStream("closed");
      return;
    }
    setStream("connecting");
    const es = new EventSource("/api/live");
    es.onopen = () => setStream("open");
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setStream("closed");
    };
    es.addEventListener("status", () => {
      const gap = Math.max(2000, interval.current);
      if (interval.current === 0 || document.hidden || pending.current !== undefined) return;
      const wait = last.current + gap - Date.now();
      if (wait <= 0) {
        bump();
      } else {
        pending.current = window.setTimeout(() => {
          pending.current = undefined;
          bump();
        }, wait);
      }
    });
    return () => {
      es.close();
      if (pending.current !== undefined) window.clearTimeout(pending.current);
      pending.current = undefined;
    };
  }, [bump, attempt]);

  useEffect(() => {
    if (stream !== "closed" || intervalMs === 0) return;
    const id = window.setInterval(() => {
      if (!document.hidden) bump();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [stream, intervalMs, bump]);

  const live: LiveMode = intervalMs === 0 ? "off" : stream === "open" ? "live" : stream === "closed" ? "timer" : "connecting";
  const reconnect = useCallback(() => setAttempt((a) => a + 1), []);
  return { tick, bump, reconnect, live };
}
