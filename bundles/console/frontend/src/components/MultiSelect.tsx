import { useEffect, useRef, useState } from "react";

/**
 * A dropdown of checkboxes. The root carries data-testid (e.g. "filter-model") and data-value (the chosen values
 * as CSV); its button opens the list, each option is a checkbox labelled with the value. Values already chosen
 * stay listed even when the server no longer offers them.
 */
export function MultiSelect({
  testId,
  label,
  options,
  value,
  onChange,
}: {
  testId: string;
  label: string;
  options: string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  const all = [...new Set([...value, ...options])];
  const shown = query ? all.filter((o) => o.toLowerCase().includes(query.toLowerCase())) : all;
  const toggle = (o: string) => onChange(value.includes(o) ? value.filter((v) => v !== o) : [...value, o]);
  return (
    <div className="multi" ref={root} data-testid={testId} data-value={value.join(",")}>
      <button
        type="button"
        className={"btn multi-button" + (value.length ? " active" : "")}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {label}
        {value.length === 1 ? <span className="multi-count">{value[0]}</span> : null}
        {value.length > 1 ? <span className="multi-count">{value.length}</span> : null}
        <span className="caret">▾</span>
      </button>
      {open ? (
        <div className="multi-pop" role="listbox" aria-multiselectable="true">
          {all.length > 8 ? (
            <input
              className="input multi-search"
              placeholder="Search…"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
            />
          ) : null}
          {shown.length === 0 ? <div className="multi-empty">No values in this range</div> : null}
          {shown.map((o) => (
            <label key={o} className="multi-option">
              <input type="checkbox" value={o} checked={value.includes(o)} onChange={() => toggle(o)} />
              <span>{o}</span>
            </label>
          ))}
          {value.length ? (
            <button type="button" className="btn btn-small multi-clear" onClick={() => onChange([])}>
              Clear
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
