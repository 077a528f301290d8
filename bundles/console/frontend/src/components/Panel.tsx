import type { ReactNode } from "react";

/** A titled card; wide spans both grid columns. */
export function Panel({
  title,
  subtitle,
  actions,
  wide,
  children,
  testId,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section className={"panel" + (wide ? " panel-wide" : "")} data-testid={testId}>
      <header className="panel-head">
        <h2>{title}</h2>
        {subtitle ? <span className="panel-sub">{subtitle}</span> : null}
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function PanelGrid({ children }: { children: ReactNode }) {
  return <div className="panel-grid">{children}</div>;
}
