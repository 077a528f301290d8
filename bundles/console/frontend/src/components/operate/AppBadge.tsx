import "../../styles/operate.css";

const KNOWN = new Set(["litellm", "ollama", "vllm", "sglang", "openai", "anthropic", "gemini", "clients", "proxy"]);

/** The application an endpoint was recognised as (from its Server header or paths); "unknown" muted. */
export function AppBadge({ app }: { app: string | null | undefined }) {
  const name = app || "unknown";
  const known = KNOWN.has(name.toLowerCase());
  return (
    <span className={"op-badge" + (name === "unknown" ? " op-badge-muted" : known ? " op-badge-known" : "")} data-app={name}>
      {name}
    </span>
  );
}

/** Health state pill: ok / warning / critical / stopped. */
export function HealthPill({ level, label }: { level: "ok" | "warning" | "critical" | "stopped"; label?: string }) {
  return (
    <span className={"op-pill op-pill-" + level} data-testid="health-pill" data-level={level}>
      {label ?? level}
    </span>
  );
}

/** A queue's depth against its capacity: a bar and "used / cap (pct)". */
export function QueueBar({ name, value, capacity }: { name: string; value: number; capacity: number }) {
  const ratio = capacity > 0 ? Math.min(1, value / capacity) : 0;
  const tone = ratio >= 0.95 ? "bad" : ratio >= 0.9 ? "warn" : "good";
  return (
    <div className="op-queue" data-testid="queue" data-id={name} data-value={value} data-capacity={capacity}>
      <div className="op-queue-head">
        <span className="mono">{name}</span>
        <span className="muted">
          {value.toLocaleString("en-US")} / {capacity.toLocaleString("en-US")} ({(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 0)}%)
        </span>
      </div>
      <div className="op-queue-track">
        <div className={"op-queue-fill op-fill-" + tone} style={{ width: `${Math.max(ratio * 100, value > 0 ? 1 : 0)}%` }} />
      </div>
    </div>
  );
}
