import "../../styles/explore.css";

/** An HTTP status: 2xx plain, 4xx warning, 5xx / none bad. */
export function StatusCode({ code }: { code: number | null | undefined }) {
  if (code === null || code === undefined) return <span className="tag tag-bad">no response</span>;
  const tone = code >= 500 ? "tag-bad" : code >= 400 ? "tag-warn" : "tag-good";
  return <span className={"tag " + tone}>{code}</span>;
}

/** A turn's status; open turns are marked live. */
export function TurnStatus({ status }: { status: string | null | undefined }) {
  if (status === "in_progress") {
    return (
      <span className="tag tag-live" data-testid="in-progress" title="The turn is still open">
        <span className="pulse" /> in progress
      </span>
    );
  }
  if (status === "complete") return <span className="tag tag-good">complete</span>;
  return <span className="tag tag-warn">{status ?? "unknown"}</span>;
}

export function Tag({ children, tone, title }: { children: React.ReactNode; tone?: "good" | "warn" | "bad" | "live"; title?: string }) {
  return (
    <span className={"tag" + (tone ? " tag-" + tone : "")} title={title}>
      {children}
    </span>
  );
}

/** label / value pairs in a grid. */
export function MetaGrid({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="meta-grid">
      {items.map(([k, v]) => (
        <div key={k} className="meta-item">
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === "" ? "–" : v}</dd>
        </div>
      ))}
    </dl>
  );
}
