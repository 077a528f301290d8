import type { ReactNode } from "react";

/** A headline number: data-testid="kpi-<name>", data-value the raw number (empty when unknown). */
export function KpiCard({
  name,
  label,
  value,
  display,
  hint,
  tone,
}: {
  name: string;
  label: string;
  value: number | null | undefined;
  display: string;
  hint?: ReactNode;
  tone?: "good" | "warn" | "bad";
}) {
  return (
    <div
      className={"kpi" + (tone ? " kpi-" + tone : "")}
      data-testid={"kpi-" + name}
      data-value={value === null || value === undefined || Number.isNaN(value) ? "" : String(value)}
    >
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{display}</div>
      {hint ? <div className="kpi-hint">{hint}</div> : null}
    </div>
  );
}

export function KpiRow({ children }: { children: ReactNode }) {
  return <div className="kpi-row">{children}</div>;
}
