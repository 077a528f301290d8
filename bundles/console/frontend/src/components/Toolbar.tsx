import { useEffect, useMemo, useState } from "react";
import { useApi } from "../api/hooks";
import {
  FILTER_DIMS,
  RANGE_PRESETS,
  REFRESH_OPTIONS,
  timeBounds,
  useRefresh,
  useView,
  type FilterDim,
  type RangePreset,
  type RefreshOption,
} from "../state/view";
import { nextTheme, useTheme } from "../state/theme";
import { THEME_LABELS } from "../state/palette";
import { MultiSelect } from "./MultiSelect";

const FILTER_LABELS: Record<FilterDim, string> = {
  wire_api: "Wire API",
  model: "Model",
  server_ip: "Server IP",
  agent_kind: "Agent",
};
const FILTER_ROUTES: Record<FilterDim, string> = {
  wire_api: "filters/wire-apis",
  model: "filters/models",
  server_ip: "filters/server-ips",
  agent_kind: "filters/agent-kinds",
};
const RANGE_LABELS: Record<string, string> = {
  "5m": "Last 5 min",
  "15m": "Last 15 min",
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  all: "All stored",
  custom: "Custom…",
};

function toLocalInput(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function fromLocalInput(v: string): number | null {
  if (!v) return null;
  const t = new Date(v).getTime();
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

function FilterSelect({ dim }: { dim: FilterDim }) {
  const { view, setFilter } = useView();
  // the dimension's own selection must not narrow its own list of options; the list follows the range and the
  // other filters but not every refresh tick
  const params = useMemo(() => {
    const { [dim]: _own, ...others } = view.filters;
    return { ...others, ...timeBounds(view) };
  }, [view, dim]);
  const { data } = useApi<{ values: string[] }>(FILTER_ROUTES[dim], params, { refresh: false });
  // a filter route not there yet (404) or failing leaves the list empty; the page shows its own errors
  return (
    <MultiSelect
      testId={"filter-" + dim}
      label={FILTER_LABELS[dim]}
      options={data?.values ?? []}
      value={view.filters[dim]}
      onChange={(v) => setFilter(dim, v)}
    />
  );
}

export function Toolbar({ onMenu }: { onMenu: () => void }) {
  const { view, setRange, setRefresh } = useView();
  const { bump, live } = useRefresh();
  const theme = useTheme();
  const [custom, setCustom] = useState(view.range === "custom");
  const bounds = timeBounds(view);
  const [from, setFrom] = useState(toLocalInput(bounds.start));
  const [to, setTo] = useState(toLocalInput(bounds.end));
  const rangeValue = custom ? "custom" : view.range;
  // back/forward or a pasted link changes the URL under the toolbar: follow it
  useEffect(() => {
    setCustom(view.range === "custom");
    if (view.range === "custom") {
      setFrom(toLocalInput(view.start ?? undefined));
      setTo(toLocalInput(view.end ?? undefined));
    }
  }, [view.range, view.start, view.end]);

  const chooseRange = (r: string) => {
    if (r === "custom") {
      const b = timeBounds(view.range === "all" ? { ...view, range: "24h" } : view);
      setFrom(toLocalInput(b.start));
      setTo(toLocalInput(b.end));
      setCustom(true);
      return;
    }
    setCustom(false);
    setRange(r as RangePreset);
  };
  const applyCustom = () => {
    const s = fromLocalInput(from);
    const e = fromLocalInput(to);
    if (s !== null && e !== null && e <= s) return;
    setRange("custom", s, e);
  };

  return (
    <div className="toolbar">
      <button type="button" className="btn menu-button" onClick={onMenu} aria-label="Menu" data-testid="menu-button">
        ☰
      </button>
      <label className="tool">
        <span className="sr-only">Time range</span>
        <select
          className="input"
          data-testid="range-preset"
          value={rangeValue}
          onChange={(e) => chooseRange(e.target.value)}
        >
          {[...RANGE_PRESETS, "custom"].map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {custom ? (
        <span className="tool custom-range">
          <input
            className="input"
            type="datetime-local"
            data-testid="range-start"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            aria-label="Start"
          />
          <span className="muted">→</span>
          <input
            className="input"
            type="datetime-local"
            data-testid="range-end"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-label="End"
          />
          <button type="button" className="btn" data-testid="range-apply" onClick={applyCustom}>
            Apply
          </button>
        </span>
      ) : null}
      <div className="tool filters">
        {FILTER_DIMS.map((d) => (
          <FilterSelect key={d} dim={d} />
        ))}
      </div>
      <div className="toolbar-end">
        <label className="tool" title="Auto-refresh: follows the live stream, or polls when the stream is unavailable">
          <span className={"live-dot live-" + live} aria-hidden="true" />
          <span className="sr-only">Auto-refresh</span>
          <select
            className="input"
            data-testid="auto-refresh"
            value={view.refresh}
            onChange={(e) => setRefresh(e.target.value as RefreshOption)}
          >
            {REFRESH_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {r === "off" ? "Refresh off" : "Every " + r}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={bump} title="Refresh now" data-testid="refresh-now">
          ↻
        </button>
        <button
          type="button"
          className="btn"
          data-testid="theme-toggle"
          onClick={nextTheme}
          title={"Theme: " + THEME_LABELS[theme] + " (click for the next)"}
        >
          ◐ <span className="theme-name">{THEME_LABELS[theme]}</span>
        </button>
      </div>
    </div>
  );
}
