import { useSearchParams } from "react-router";
import "../../styles/operate.css";

/** The value of a URL query parameter limited to known choices, and a setter that keeps every other parameter. */
export function useQueryChoice<T extends string>(key: string, choices: readonly T[], fallback: T): [T, (v: T) => void] {
  const [q, setQ] = useSearchParams();
  const raw = q.get(key);
  const value = choices.includes(raw as T) ? (raw as T) : fallback;
  const set = (v: T) => {
    const n = new URLSearchParams(q);
    if (v === fallback) n.delete(key);
    else n.set(key, v);
    setQ(n, { replace: true });
  };
  return [value, set];
}

/** A row of tabs; each is data-testid="tab-<value>" with aria-selected. */
export function ViewTabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <div className="op-tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.value}
          type="button"
          role="tab"
          className={"op-tab" + (t.value === value ? " op-tab-active" : "")}
          aria-selected={t.value === value}
          data-testid={"tab-" + t.value}
          onClick={() => onChange(t.value)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
