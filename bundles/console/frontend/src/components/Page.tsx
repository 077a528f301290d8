import type { ReactNode } from "react";

/**
 * A page's root: data-page names it for tests, data-loaded="true" once its data arrived (answers or errors).
 */
export function Page({
  name,
  title,
  subtitle,
  loaded,
  actions,
  children,
}: {
  name: string;
  title: string;
  subtitle?: ReactNode;
  loaded: boolean;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section className="page" data-page={name} data-loaded={loaded ? "true" : "false"}>
      <header className="page-head">
        <div>
          <h1>{title}</h1>
          {subtitle ? <p className="page-sub">{subtitle}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
