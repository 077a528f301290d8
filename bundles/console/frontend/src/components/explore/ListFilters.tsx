import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import "../../styles/explore.css";

/**
 * A list page's own filters, sort and page, kept in the URL beside the toolbar's (so a link reproduces them).
 * Setting a filter goes back to page 1.
 */
export function useLocalParams<K extends string>(keys: readonly K[]) {
  const [q, setQ] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, q.get(k) ?? ""])) as Record<K, string>;
  const set = useCallback(
    (changes: Partial<Record<K | "page" | "sort_by" | "sort_order", string>>) =>
      setQ(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes) as [string, string][]) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          if (!("page" in changes)) next.delete("page");
          return next;
        },
        { replace: true },
      ),
    [setQ],
  );
  const page = Math.max(1, Number(q.get("page")) || 1);
  const sortBy = q.get("sort_by") ?? "";
  const sortOrder = q.get("sort_order") === "asc" ? "asc" : "desc";
  return { values, set, page, sortBy, sortOrder: sortOrder as "asc" | "desc" };
}

export function FilterRow({ children, onClear }: { children: ReactNode; onClear?: () => void }) {
  return (
    <div className="list-filters" data-testid="list-filters">
      {children}
      {onClear ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/** A text filter applied on Enter or blur (not on every key, which would send a request per letter). */
export function TextFilter({
  name,
  label,
  value,
  placeholder,
  onChange,
  width = 150,
}: {
  name: string;
  label: string;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
  width?: number;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <label className="list-filter">
      <span>{label}</span>
      <input
        className="input"
        data-testid={"local-" + name}
        value={text}
        placeholder={placeholder}
        style={{ width }}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === "Enter" && apply()}
      />
    </label>
  );
}

export function SelectFilter({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <label className="list-filter">
      <span>{label}</span>
      <select className="input" data-testid={"local-" + name} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
