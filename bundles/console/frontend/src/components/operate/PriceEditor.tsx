import { useState } from "react";
import { ApiError, apiSend } from "../../api/client";
import "../../styles/operate.css";

export interface ModelPrice {
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok: number;
  cache_write_per_mtok: number;
  reasoning_per_mtok?: number | null;
}

const PRICE_FIELDS = [
  ["input_per_mtok", "Input"],
  ["output_per_mtok", "Output"],
  ["cache_read_per_mtok", "Cache read"],
  ["cache_write_per_mtok", "Cache write"],
] as const;
type PriceField = (typeof PRICE_FIELDS)[number][0];

interface Draft {
  key: number;
  model: string;
  values: Record<PriceField, string>;
  /** Not edited here, but kept: the server's table may price reasoning tokens apart. */
  reasoning: number | null | undefined;
}

let nextKey = 1;

function draftOf(p: ModelPrice): Draft {
  return {
    key: nextKey++,
    model: p.model,
    values: {
      input_per_mtok: String(p.input_per_mtok ?? ""),
      output_per_mtok: String(p.output_per_mtok ?? ""),
      cache_read_per_mtok: String(p.cache_read_per_mtok ?? 0),
      cache_write_per_mtok: String(p.cache_write_per_mtok ?? 0),
    },
    reasoning: p.reasoning_per_mtok,
  };
}

const MAX_PRICE = 1_000_000;

/** Each row's problems by field ("model" or a price field); empty when the table can be sent. */
export function validatePrices(rows: { model: string; values: Record<PriceField, string> }[]): Map<number, Partial<Record<"model" | PriceField, string>>> {
  const out = new Map<number, Partial<Record<"model" | PriceField, string>>>();
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const e: Partial<Record<"model" | PriceField, string>> = {};
    const model = r.model.trim();
    if (!model) e.model = "a model name is required";
    else if (model.length > 200) e.model = "at most 200 characters";
    else if (seen.has(model)) e.model = `also on row ${seen.get(model)! + 1}`;
    else seen.set(model, i);
    for (const [f] of PRICE_FIELDS) {
      const raw = r.values[f].trim();
      if (raw === "") {
        if (f === "input_per_mtok" || f === "output_per_mtok") e[f] = "required";
        continue;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) e[f] = "not a number";
      else if (v < 0) e[f] = "must be ≥ 0";
      else if (v > MAX_PRICE) e[f] = "too large";
    }
    if (Object.keys(e).length > 0) out.set(i, e);
  });
  return out;
}

function toPrice(d: Draft): ModelPrice {
  const num = (s: string) => (s.trim() === "" ? 0 : Number(s));
  return {
    model: d.model.trim(),
    input_per_mtok: num(d.values.input_per_mtok),
    output_per_mtok: num(d.values.output_per_mtok),
    cache_read_per_mtok: num(d.values.cache_read_per_mtok),
    cache_write_per_mtok: num(d.values.cache_write_per_mtok),
    ...(d.reasoning !== undefined && d.reasoning !== null ? { reasoning_per_mtok: d.reasoning } : {}),
  };
}

/**
 * The price table editor: one row per model, US dollars per million tokens. Save replaces the whole table (PUT
 * /api/settings/prices); the server's answer becomes the table shown, its 400 message is shown as it came.
 */
export function PriceEditor({ initial }: { initial: ModelPrice[] }) {
  const [base, setBase] = useState<ModelPrice[]>(initial);
  const [rows, setRows] = useState<Draft[]>(() => initial.map(draftOf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [touched, setTouched] = useState(false);
  const [filter, setFilter] = useState("");

  const problems = validatePrices(rows);
  const dirty = JSON.stringify(rows.map(toPrice)) !== JSON.stringify(base.map((p) => toPrice(draftOf(p))));

  const edit = (key: number, change: (d: Draft) => Draft) => {
    setRows((rs) => rs.map((r) => (r.key === key ? change(r) : r)));
    setSaved(false);
  };
  const add = () => {
    setRows((rs) => [
      ...rs,
      { key: nextKey++, model: "", values: { input_per_mtok: "", output_per_mtok: "", cache_read_per_mtok: "0", cache_write_per_mtok: "0" }, reasoning: undefined },
    ]);
    setFilter("");
    setSaved(false);
  };
  const save = async () => {
    setTouched(true);
    setError(null);
    if (problems.size > 0) return;
    setSaving(true);
    try {
      const answer = await apiSend<{ prices: ModelPrice[] }>("PUT", "settings/prices", { prices: rows.map(toPrice) });
      setBase(answer.prices);
      setRows(answer.prices.map(draftOf));
      setSaved(true);
      setTouched(false);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.status ? ` (HTTP ${e.status})` : ""}` : String(e));
    } finally {
      setSaving(false);
    }
  };
  const reset = () => {
    setRows(base.map(draftOf));
    setError(null);
    setTouched(false);
    setSaved(false);
  };

  const q = filter.trim().toLowerCase();
  const shown = rows.map((r, i) => ({ r, i })).filter(({ r }) => !q || r.model.toLowerCase().includes(q));
  return (
    <div className="op-prices" data-testid="price-editor">
      <div className="op-toolrow">
        <input
          className="input"
          type="search"
          placeholder="Find a model"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Find a model"
          data-testid="price-filter"
        />
        <span className="muted">{rows.length} models · USD per million tokens</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={add} data-testid="price-add">
          + Add model
        </button>
        <button type="button" className="btn" onClick={reset} disabled={!dirty || saving} data-testid="price-reset">
          Discard changes
        </button>
        <button type="button" className="btn btn-primary" onClick={save} disabled={!dirty || saving} data-testid="price-save">
          {saving ? "Saving…" : "Save"}
        </button>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert" data-testid="price-error">
          <strong>Not saved:</strong> <span>{error}</span>
        </div>
      ) : null}
      {touched && problems.size > 0 ? (
        <div className="banner banner-error" role="alert" data-testid="price-invalid">
          <strong>Fix {problems.size} row{problems.size === 1 ? "" : "s"} first.</strong>
        </div>
      ) : null}
      {saved ? (
        <p className="op-saved" data-testid="price-saved">
          Saved: the new prices apply to calls priced from now on.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th>Model</th>
              {PRICE_FIELDS.map(([f, label]) => (
                <th key={f} className="num">
                  {label}
                </th>
              ))}
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {shown.map(({ r, i }) => {
              const p = problems.get(i) ?? {};
              const show = (f: "model" | PriceField) => (touched || (f === "model" ? r.model !== "" : r.values[f as PriceField] !== "")) && p[f];
              return (
                <tr key={r.key} data-testid="row" data-id={r.model || "new-" + r.key}>
                  <td>
                    <input
                      className={"input mono" + (show("model") ? " op-invalid" : "")}
                      value={r.model}
                      placeholder="model name, e.g. gpt-4o"
                      aria-label="Model"
                      data-testid="price-model"
                      onChange={(e) => edit(r.key, (d) => ({ ...d, model: e.target.value }))}
                    />
                    {show("model") ? <div className="op-field-error">{p.model}</div> : null}
                  </td>
                  {PRICE_FIELDS.map(([f, label]) => (
                    <td key={f} className="num">
                      <input
                        className={"input" + (show(f) ? " op-invalid" : "")}
                        inputMode="decimal"
                        value={r.values[f]}
                        aria-label={label + " per million tokens"}
                        data-testid={"price-" + f.replace("_per_mtok", "").replace("_", "-")}
                        onChange={(e) => edit(r.key, (d) => ({ ...d, values: { ...d.values, [f]: e.target.value } }))}
                      />
                      {show(f) ? <div className="op-field-error">{p[f]}</div> : null}
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      title="Remove this model"
                      aria-label={"Remove " + (r.model || "this row")}
                      data-testid="price-remove"
                      onClick={() => {
                        setRows((rs) => rs.filter((x) => x.key !== r.key));
                        setSaved(false);
                      }}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="op-note">No prices: calls are stored without a cost. Add a model to price it.</p> : null}
    </div>
  );
}
