import { fmtMs } from "../../format";
import "../../styles/explore.css";

export interface TimelineCall {
  id: string;
  label: string;
  request_time: number;
  complete_time: number | null;
  ttft_ms: number | null;
  e2e_latency_ms: number | null;
  failed: boolean;
}

/**
 * The turn's calls as bars on its time axis (Gantt-like, plain divs): each bar from request to complete, a tick at
 * the first token; the gaps between bars are the agent's own time (tools running). A call still open runs to the
 * axis end, hatched. Clicking a bar calls onPick (the page scrolls to the call's card).
 */
export function Timeline({
  start,
  end,
  calls,
  onPick,
}: {
  start: number;
  end: number;
  calls: TimelineCall[];
  onPick: (id: string) => void;
}) {
  const last = Math.max(end, ...calls.map((c) => c.complete_time ?? c.request_time));
  const span = Math.max(1, last - start);
  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / span) * 100))}%`;
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-axis">
        <span>0</span>
        <span>{fmtMs(span / 2)}</span>
        <span>{fmtMs(span)}</span>
      </div>
      {calls.map((c) => {
        const open = c.complete_time === null;
        const from = c.request_time - start;
        const dur = (c.complete_time ?? (c.e2e_latency_ms !== null ? c.request_time + c.e2e_latency_ms : last)) - c.request_time;
        return (
          <button
            type="button"
            key={c.id}
            className="timeline-row"
            data-testid="timeline-bar"
            data-id={c.id}
            onClick={() => onPick(c.id)}
            title={`${c.label}: starts at +${fmtMs(from)}, ${open ? "still open" : "takes " + fmtMs(dur)}${
              c.ttft_ms !== null ? ", first token after " + fmtMs(c.ttft_ms) : ""
            }`}
          >
            <span className="timeline-label">{c.label}</span>
            <span className="timeline-track">
              <span
                className={"timeline-bar" + (c.failed ? " failed" : "") + (open ? " open" : "")}
                style={{ left: pct(from), width: `max(3px, ${pct(dur)})` }}
              >
                {c.ttft_ms !== null && dur > 0 ? (
                  <span className="timeline-ttft" style={{ left: `${Math.min(100, (c.ttft_ms / dur) * 100)}%` }} />
                ) : null}
              </span>
            </span>
            <span className="timeline-dur">{open ? "open" : fmtMs(dur)}</span>
          </button>
        );
      })}
      <div className="timeline-legend muted">
        <span className="legend-bar" /> request → complete <span className="legend-ttft" /> first token{" "}
        <span className="legend-bar failed" /> failed
      </div>
    </div>
  );
}
