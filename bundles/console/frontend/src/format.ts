// Number and time formatting shared by every page. Missing values render as an en dash.

export const NONE = "–";

function missing(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined || Number.isNaN(v);
}

/** 1234 → "1.2K", 12 → "12". */
export function fmtCount(v: number | null | undefined): string {
  if (missing(v)) return NONE;
  const a = Math.abs(v);
  if (a < 1000) return Number.isInteger(v) ? String(v) : v.toFixed(1);
  for (const [d, s] of [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ] as const) {
    if (a >= d) {
      const x = v / d;
      return (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, "") + s;
    }
  }
  return String(v);
}

export const fmtTokens = fmtCount;

/** Milliseconds: "850 ms", "1.24 s", "2m 05s", "1h 02m". */
export function fmtMs(v: number | null | undefined): string {
  if (missing(v)) return NONE;
  if (v < 1) return v <= 0 ? "0 ms" : "<1 ms";
  if (v < 1000) return Math.round(v) + " ms";
  if (v < 60_000) return (v / 1000).toFixed(v < 10_000 ? 2 : 1) + " s";
  const s = Math.round(v / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** US dollars: "$0.0042", "$1.23", "$1,234". */
export function fmtCost(v: number | null | undefined): string {
  if (missing(v)) return NONE;
  if (v === 0) return "$0";
  const a = Math.abs(v);
  if (a < 0.01) return "$" + v.toPrecision(2);
  if (a < 1000) return "$" + v.toFixed(2);
  return "$" + Math.round(v).toLocaleString("en-US");
}

export function fmtBytes(v: number | null | undefined): string {
  if (missing(v)) return NONE;
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return (i === 0 ? String(Math.round(x)) : x.toFixed(x >= 100 ? 0 : 1)) + " " + units[i];
}

/** A ratio 0..1 as a percentage. */
export function fmtPercent(v: number | null | undefined, digits = 1): string {
  if (missing(v)) return NONE;
  return (v * 100).toFixed(digits) + "%";
}

/** Epoch ms → "2026-12-02 16:20:05" in local time. */
export function fmtTime(ms: number | null | undefined): string {
  if (missing(ms)) return NONE;
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Epoch ms → "3 min ago", "in 2 h", "just now". */
export function fmtRelative(ms: number | null | undefined, nowMs = Date.now()): string {
  if (missing(ms)) return NONE;
  const d = (nowMs - ms) / 1000;
  const a = Math.abs(d);
  let s: string;
  if (a < 10) return "just now";
  if (a < 60) s = Math.round(a) + " s";
  else if (a < 3600) s = Math.round(a / 60) + " min";
  else if (a < 86400) s = Math.round(a / 3600) + " h";
  else s = Math.round(a / 86400) + " d";
  return d >= 0 ? s + " ago" : "in " + s;
}

/** Axis label of a bucket start (Unix seconds), coarser as the span grows. */
export function fmtAxisTime(seconds: number, spanSeconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (spanSeconds <= 600) return `${hm}:${p(d.getSeconds())}`;
  if (spanSeconds <= 86400) return hm;
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
}
