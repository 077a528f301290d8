import { useMemo, useState } from "react";
import { CodeBlock, JsonView } from "../JsonView";
import { useOnce } from "./useOnce";
import type { SpanDetail, Transcript, TranscriptMessage, TranscriptToolCall } from "./types";
import "../../styles/explore.css";

/**
 * A call's conversation from GET /api/spans/{id}/transcript: role-labelled messages, reasoning collapsible, each
 * tool call with its arguments and, right under it, its result (matched by tool_call_id; errors red; a call with
 * no result flagged). The response's messages are highlighted. With collapseHistory only the tail (from the last
 * assistant message the request sent back, i.e. what this call added) is open. Where the appliance has no
 * transcript route (404) or the reader could not read the call, the raw bodies are shown instead.
 */
export function TranscriptView({
  callId,
  collapseHistory = false,
  laterCall,
  bodies,
  version,
}: {
  callId: string;
  /** Changes when the call does (an open call completing): the transcript is read again. */
  version?: string;
  collapseHistory?: boolean;
  /**
   * A later call of the same turn exists (true): a tool call of this response gets its result there; false: this is
   * the turn's last call, so a response's tool call without result is flagged; unknown (a call on its own): neither.
   */
  laterCall?: boolean;
  /** The call's bodies when the page has them already (else fetched for the fallback). */
  bodies?: Pick<SpanDetail, "request_body" | "response_body">;
}) {
  const t = useOnce<Transcript>(`spans/${encodeURIComponent(callId)}/transcript`, version);
  const needBodies = !bodies && t.settled && (t.error !== undefined || (t.data !== undefined && t.data.messages.length === 0));
  const detail = useOnce<SpanDetail>(needBodies ? `spans/${encodeURIComponent(callId)}` : null, version);

  if (!t.settled) return <div className="loading">Loading transcript…</div>;
  const tr = t.data;
  if (!tr || tr.messages.length === 0) {
    const b = bodies ?? detail.data;
    return (
      <div className="transcript" data-testid="transcript" data-fallback="true">
        {t.error && !t.error.notFound ? (
          <div className="banner banner-warn">Transcript unavailable: {t.error.message}</div>
        ) : null}
        {t.error?.notFound ? <div className="muted">No transcript route on this appliance; the raw bodies:</div> : null}
        {tr?.problem ? <div className="banner banner-warn" data-testid="transcript-problem">{tr.problem}</div> : null}
        {b ? <RawBodies request={b.request_body} response={b.response_body} /> : <div className="loading">Loading bodies…</div>}
      </div>
    );
  }
  return <TranscriptMessages transcript={tr} collapseHistory={collapseHistory} laterCall={laterCall} />;
}

export function RawBodies({ request, response }: { request: string | null | undefined; response: string | null | undefined }) {
  return (
    <div className="raw-bodies">
      <div className="msg-head">Request body</div>
      {request ? <CodeBlock text={request} maxLines={16} testId="request-body" /> : <div className="muted">not stored</div>}
      <div className="msg-head">Response body</div>
      {response ? <CodeBlock text={response} maxLines={16} testId="response-body" /> : <div className="muted">not stored</div>}
    </div>
  );
}

interface Result {
  message: TranscriptMessage;
  error: boolean;
}

function TranscriptMessages({
  transcript,
  collapseHistory,
  laterCall,
}: {
  transcript: Transcript;
  collapseHistory: boolean;
  laterCall: boolean | undefined;
}) {
  const msgs = transcript.messages;
  // tool_call_id → its result message, from the reader's pairing, then by id for anything it left out
  const { results, paired } = useMemo(() => {
    const results = new Map<string, Result>();
    const paired = new Set<number>();
    for (const r of transcript.tool_results ?? []) {
      const m = msgs[r.message_index];
      if (m && r.tool_call_id) {
        results.set(r.tool_call_id, { message: m, error: r.error || m.error });
        paired.add(r.message_index);
      }
    }
    const callIds = new Set(msgs.flatMap((m) => m.tool_calls.map((c) => c.id)).filter(Boolean) as string[]);
    msgs.forEach((m, i) => {
      if (m.tool_call_id && !results.has(m.tool_call_id) && callIds.has(m.tool_call_id)) {
        results.set(m.tool_call_id, { message: m, error: m.error });
        paired.add(i);
      }
    });
    // a result whose call is not in this transcript stays a message of its own
    for (const [id, r] of [...results]) {
      if (!callIds.has(id)) {
        results.delete(id);
        paired.delete(msgs.indexOf(r.message));
      }
    }
    return { results, paired };
  }, [transcript, msgs]);

  // the tail: from the last assistant message of the request (what the previous call answered) onwards; on a
  // turn's first call, from the user's message
  const firstResponse = msgs.findIndex((m) => m.from_response);
  const requestEnd = firstResponse < 0 ? msgs.length : firstResponse;
  const request = msgs.slice(0, requestEnd);
  let tailStart = request.map((m) => m.role).lastIndexOf("assistant");
  if (tailStart < 0) tailStart = Math.max(0, request.map((m) => m.role).lastIndexOf("user"));
  const [showAll, setShowAll] = useState(!collapseHistory);
  const hidden = showAll ? 0 : tailStart;

  return (
    <div className="transcript" data-testid="transcript" data-messages={msgs.length}>
      {transcript.partial ? (
        <div className="banner banner-warn" data-testid="transcript-partial">
          Partial call{transcript.partial_reason ? ": " + transcript.partial_reason : ""} — the conversation may be cut.
        </div>
      ) : null}
      {transcript.problem ? (
        <div className="banner banner-warn" data-testid="transcript-problem">
          {transcript.problem}
        </div>
      ) : null}
      {hidden > 0 ? (
        <button type="button" className="btn btn-small history-toggle" data-testid="history-toggle" onClick={() => setShowAll(true)}>
          Show {hidden} earlier message{hidden === 1 ? "" : "s"} of the history
        </button>
      ) : collapseHistory && tailStart > 0 ? (
        <button type="button" className="btn btn-small history-toggle" data-testid="history-toggle" onClick={() => setShowAll(false)}>
          Hide earlier history
        </button>
      ) : null}
      {msgs.map((m, i) =>
        i < hidden || paired.has(i) ? null : (
          <MessageBlock key={i} message={m} results={results} laterCall={laterCall} />
        ),
      )}
      {transcript.tools?.length ? (
        <details className="tools-declared">
          <summary>
            {transcript.tools.length} tool{transcript.tools.length === 1 ? "" : "s"} declared:{" "}
            {transcript.tools.map((x) => x.name).join(", ")}
          </summary>
          {transcript.tools.map((x) => (
            <div key={x.name} className="tool-decl">
              <div className="mono">{x.name}</div>
              {x.description ? <div className="muted">{x.description}</div> : null}
              {x.parameters !== null && x.parameters !== undefined ? <JsonView value={x.parameters} openDepth={1} /> : null}
            </div>
          ))}
        </details>
      ) : null}
    </div>
  );
}

function MessageBlock({
  message: m,
  results,
  laterCall,
}: {
  message: TranscriptMessage;
  results: Map<string, Result>;
  laterCall: boolean | undefined;
}) {
  const cls = "msg msg-" + m.role.replace(/[^a-z_-]/gi, "") + (m.from_response ? " msg-response" : "") + (m.error ? " msg-error" : "");
  return (
    <div className={cls} data-testid="message" data-role={m.role} data-response={m.from_response ? "true" : undefined}>
      <div className="msg-head">
        <span className="msg-role">{m.role}</span>
        {m.name ? <span className="mono muted">{m.name}</span> : null}
        {m.tool_call_id ? <span className="mono muted">result of {m.tool_call_id}</span> : null}
        {m.from_response ? <span className="tag tag-live">response</span> : null}
        {m.error ? <span className="tag tag-bad">error</span> : null}
      </div>
      {m.reasoning ? (
        <details className="msg-reasoning" data-testid="reasoning">
          <summary>Reasoning ({m.reasoning.length} chars)</summary>
          <div className="msg-text">{m.reasoning}</div>
        </details>
      ) : null}
      {m.content ? <LongText text={m.content} /> : null}
      {m.omitted?.length ? <div className="muted msg-omitted">Left out: {m.omitted.join(", ")}</div> : null}
      {m.tool_calls.map((c, i) => (
        <ToolCallBlock key={c.id ?? i} call={c} result={c.id ? results.get(c.id) : undefined} fromResponse={m.from_response} laterCall={laterCall} />
      ))}
    </div>
  );
}

function ToolCallBlock({
  call,
  result,
  fromResponse,
  laterCall,
}: {
  call: TranscriptToolCall;
  result: Result | undefined;
  fromResponse: boolean;
  laterCall: boolean | undefined;
}) {
  // a tool call of this response is answered by the next call's request; a turn's last call has none
  const state = result
    ? result.error
      ? "error"
      : "ok"
    : fromResponse && laterCall === true
      ? "next"
      : fromResponse && laterCall === undefined
        ? "pending"
        : "missing";
  return (
    <div className={"tool-call tool-" + state} data-testid="tool-call" data-tool-id={call.id ?? ""} data-result={state}>
      <div className="tool-head">
        <span className="tool-icon">⚙</span>
        <span className="tool-name mono">{call.name ?? "(unnamed tool)"}</span>
        {call.id ? <span className="mono muted">{call.id}</span> : null}
        {state === "missing" ? (
          <span className="tag tag-bad" data-testid="no-result" title="No tool result was sent back for this call">
            no result
          </span>
        ) : null}
        {state === "next" ? <span className="tag">result in the next call</span> : null}
        {state === "pending" ? <span className="tag">result goes with the agent's next call</span> : null}
        {state === "error" ? <span className="tag tag-bad">tool error</span> : null}
      </div>
      <ToolArguments value={call.arguments} />
      {result ? (
        <div className={"tool-result" + (result.error ? " tool-result-error" : "")} data-testid="tool-result">
          <div className="tool-result-head">↳ result{result.error ? " (error)" : ""}</div>
          <LongText text={result.message.content ?? ""} mono />
        </div>
      ) : null}
    </div>
  );
}

function ToolArguments({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <div className="muted">no arguments</div>;
  if (typeof value === "object") {
    return (
      <div className="tool-args">
        <JsonView value={value} openDepth={3} />
      </div>
    );
  }
  return <CodeBlock text={String(value)} maxLines={12} />;
}

/** Text shown as text, long text cut to a few lines with a toggle. */
function LongText({ text, mono, limit = 1200 }: { text: string; mono?: boolean; limit?: number }) {
  const [open, setOpen] = useState(false);
  const long = text.length > limit;
  return (
    <div className={"msg-text" + (mono ? " mono" : "")}>
      {long && !open ? text.slice(0, limit) + "…" : text}
      {long ? (
        <button type="button" className="btn btn-small msg-more" onClick={() => setOpen(!open)}>
          {open ? "Show less" : `Show all ${text.length} chars`}
        </button>
      ) : null}
    </div>
  );
}
