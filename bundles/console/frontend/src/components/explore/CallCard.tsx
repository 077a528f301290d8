import { Link } from "react-router";
import { fmtCount, fmtMs, fmtTime } from "../../format";
import { StatusCode, Tag } from "./Badges";
import { TranscriptView } from "./TranscriptView";
import type { TraceSpanItem } from "./types";
import "../../styles/explore.css";

/** A call of a turn: what it asked, how it went, and its conversation (history collapsed unless newest). */
export function CallCard({
  call,
  newest,
  laterCall,
  flash,
}: {
  call: TraceSpanItem;
  newest: boolean;
  laterCall: boolean;
  flash: boolean;
}) {
  const failed = call.status_code === null || call.status_code >= 400;
  return (
    <article
      id={"call-" + call.id}
      className={"call-card" + (failed ? " failed" : "") + (flash ? " flash" : "")}
      data-testid="call-card"
      data-id={call.id}
    >
      <header className="call-card-head">
        <span className="seq">#{call.sequence}</span>
        <Link to={"/llm-calls/" + encodeURIComponent(call.id)} data-testid="call-link" className="mono">
          {call.model ?? call.request_model ?? "(no model)"}
        </Link>
        <StatusCode code={call.status_code} />
        {call.finish_reason ? <Tag>{call.finish_reason}</Tag> : null}
        {call.is_stream ? <Tag>stream</Tag> : null}
        {call.partial ? <Tag tone="warn" title="the capture of this call is incomplete">partial</Tag> : null}
        {call.complete_time === null ? <Tag tone="live">open</Tag> : null}
        <span className="muted">{fmtTime(call.request_time)}</span>
      </header>
      <div className="call-stats">
        <span>TTFT {fmtMs(call.ttft_ms)}</span>
        <span>E2E {fmtMs(call.e2e_latency_ms)}</span>
        <span>
          tokens {fmtCount(call.input_tokens)} in / {fmtCount(call.output_tokens)} out
          {call.cache_read_input_tokens ? ` (${fmtCount(call.cache_read_input_tokens)} cached)` : ""}
        </span>
        {call.request_path ? <span className="mono">{call.request_path}</span> : null}
      </div>
      <TranscriptView
        callId={call.id}
        collapseHistory={!newest}
        laterCall={laterCall}
        version={String(call.complete_time ?? "open")}
      />
    </article>
  );
}
