import { useMemo, useState } from "react";

/** Parses text as JSON when it is JSON; otherwise undefined. Captured bodies are often JSON, sometimes not. */
export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/**
 * Text in a <pre>, as text only. JSON (a value, or text that parses) is pretty-printed. Long blocks start
 * collapsed to a few lines with a toggle.
 */
export function CodeBlock({
  text,
  value,
  maxLines = 24,
  testId,
}: {
  text?: string | null;
  value?: unknown;
  maxLines?: number;
  testId?: string;
}) {
  const shown = useMemo(() => {
    if (value !== undefined) return JSON.stringify(value, null, 2) ?? String(value);
    const parsed = parseJson(text);
    return parsed !== undefined ? JSON.stringify(parsed, null, 2) : (text ?? "");
  }, [text, value]);
  const lines = useMemo(() => shown.split("\n"), [shown]);
  const [open, setOpen] = useState(false);
  const long = lines.length > maxLines;
  return (
    <div className="code-block" data-testid={testId}>
      <pre>{long && !open ? lines.slice(0, maxLines).join("\n") + "\n…" : shown}</pre>
      <div className="code-tools">
        {long ? (
          <button type="button" className="btn btn-small" onClick={() => setOpen(!open)}>
            {open ? "Collapse" : `Show all ${lines.length} lines`}
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void navigator.clipboard?.writeText(shown)}
          title="Copy to the clipboard"
        >
          Copy
        </button>
      </div>
    </div>
  );
}

/** A collapsible JSON tree; every key and value is a text node. Nodes deeper than openDepth start closed. */
export function JsonView({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json-view" data-testid="json-view">
      <JsonNode value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

function JsonNode({ label, value, depth, openDepth }: { label?: string; value: unknown; depth: number; openDepth: number }) {
  const [open, setOpen] = useState(depth < openDepth);
  const key = label !== undefined ? <span className="json-key">{label}: </span> : null;
  if (value === null || typeof value !== "object") {
    const cls = value === null ? "json-null" : "json-" + typeof value;
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return (
      <div className="json-line">
        {key}
        <span className={cls}>{text}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [openB, closeB] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        <span className="json-punct">{openB + closeB}</span>
      </div>
    );
  }
  return (
    <div className="json-line">
      <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? "▾" : "▸"}
      </button>
      {key}
      <span className="json-punct">{openB}</span>
      {open ? (
        <div className="json-children">
          {entries.map(([k, v]) => (
            <JsonNode key={k} label={Array.isArray(value) ? undefined : k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
        </div>
      ) : (
        <span className="json-summary"> {entries.length} {Array.isArray(value) ? "items" : "keys"} </span>
      )}
      <span className="json-punct">{closeB}</span>
    </div>
  );
}
