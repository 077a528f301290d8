import { Link, useParams } from "react-router";
import { useApi } from "../api/hooks";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { CodeBlock } from "../components/JsonView";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { MetaGrid, StatusCode, Tag } from "../components/explore/Badges";
import { HeadersTable } from "../components/explore/HeadersTable";
import { TimingBar } from "../components/explore/TimingBar";
import { TranscriptView } from "../components/explore/TranscriptView";
import type { SpanDetail } from "../components/explore/types";
import { fmtBytes, fmtCost, fmtCount, fmtMs, fmtTime } from "../format";

export default function LlmCallDetailPage() {
  const { id = "" } = useParams();
  const call = useApi<SpanDetail>("spans/" + encodeURIComponent(id));
  const c = call.data;
  if (call.notFound) {
    return (
      <Page name="call-detail" title="LLM Call" loaded={true}>
        <EmptyState title="No such call">The call {id} is not stored (or no longer).</EmptyState>
      </Page>
    );
  }
  const failed = c ? c.status_code === null || c.status_code >= 400 : false;
  return (
    <Page
      name="call-detail"
      title="LLM Call"
      subtitle={<span className="mono">{id}</span>}
      loaded={call.settled}
      actions={
        <div className="explore-actions">
          <Link className="btn" to="/llm-calls">
            ‹ All calls
          </Link>
          {c?.exchange_id ? (
            <Link className="btn" data-testid="raw-http-link" to={"/http-exchanges/" + encodeURIComponent(c.exchange_id)}>
              Raw HTTP exchange
            </Link>
          ) : null}
          {c?.session_id ? (
            <Link className="btn" to={"/agent-sessions/" + encodeURIComponent(c.session_id)}>
              Session
            </Link>
          ) : null}
        </div>
      }
    >
      <ErrorBanner error={call.error} what="the call" />
      {c ? (
        <div className="stack">
          <KpiRow>
            <KpiCard name="status" label="Status" value={c.status_code} display={c.status_code === null ? "none" : String(c.status_code)} tone={failed ? "bad" : "good"} hint={c.finish_reason ?? undefined} />
            <KpiCard name="ttft" label="TTFT" value={c.ttft_ms} display={fmtMs(c.ttft_ms)} hint={c.is_stream ? "first content token" : "first response byte"} />
            <KpiCard name="e2e" label="E2E latency" value={c.e2e_latency_ms} display={fmtMs(c.e2e_latency_ms)} hint={c.tpot_ms ? `${fmtMs(c.tpot_ms)} per output token` : undefined} />
            <KpiCard name="tokens-in" label="Input tokens" value={c.input_tokens} display={fmtCount(c.input_tokens)} hint={c.cache_read_input_tokens ? `${fmtCount(c.cache_read_input_tokens)} from cache` : undefined} />
            <KpiCard name="tokens-out" label="Output tokens" value={c.output_tokens} display={fmtCount(c.output_tokens)} hint={c.reasoning_tokens ? `${fmtCount(c.reasoning_tokens)} reasoning` : undefined} />
            <KpiCard name="cost" label="Cost" value={c.cost_usd} display={fmtCost(c.cost_usd)} />
          </KpiRow>
          {c.error_message || c.error_type ? (
            <div className="banner banner-error" data-testid="call-error">
              <strong>{c.error_type ?? "error"}:</strong> {c.error_message}
            </div>
          ) : null}
          {c.partial ? (
            <div className="banner banner-warn" data-testid="call-partial">
              Partial capture{c.partial_reason ? ": " + c.partial_reason : ""}
              {c.body_bytes_dropped ? ` (${fmtBytes(c.body_bytes_dropped)} of body not kept)` : ""}
            </div>
          ) : null}
          <Panel title="Call" wide>
            <MetaGrid
              items={[
                ["Model", <span className="mono">{c.model}</span>],
                ["Requested model", <span className="mono">{c.request_model}</span>],
                ["Wire API", c.wire_api],
                ["Status", <StatusCode code={c.status_code} />],
                ["Finish reason", c.finish_reason],
                ["Mode", c.is_stream ? "stream" : "single response"],
                ["Method · path", <span className="mono">{`${c.method ?? ""} ${c.request_path ?? ""}`}</span>],
                ["Host", c.host],
                ["Client", <span className="mono">{`${c.client_ip}:${c.client_port}`}</span>],
                ["Server", <span className="mono">{`${c.server_ip}:${c.server_port}`}</span>],
                ["Server kind", c.server_kind],
                ["Agent", c.agent_kind + (c.subagent ? ` (subagent ${c.subagent})` : "")],
                ["Session", c.session_id ? <Link className="mono" to={"/agent-sessions/" + encodeURIComponent(c.session_id)}>{c.session_id}</Link> : null],
                ["Response ID", <span className="mono">{c.response_id}</span>],
                ["Request time", fmtTime(c.request_time)],
                ["Tools called", c.tool_names.length ? c.tool_names.join(", ") : null],
                ["Source · pipeline", `${c.source_id} · ${c.pipeline ?? ""}`],
                ["Tokens total", fmtCount(c.total_tokens) + (c.tokens_estimated ? " (estimated)" : "")],
              ]}
            />
            {c.model_substituted ? <Tag tone="warn">the server answered with another model than requested</Tag> : null}
          </Panel>
          <Panel title="Timing" subtitle="request → first byte → first token → complete" wide>
            <TimingBar request={c.request_time} firstByte={c.response_time} firstToken={c.first_token_time} complete={c.complete_time} />
          </Panel>
          <Panel title="Transcript" subtitle="the conversation this call sent and what it answered" wide>
            <TranscriptView callId={c.id} bodies={{ request_body: c.request_body, response_body: c.response_body }} />
          </Panel>
          <PanelGrid>
            <Panel title="Request body">
              <details data-testid="request-body-raw">
                <summary>{c.request_body ? fmtBytes(c.request_body.length) + " stored" : "not stored"}</summary>
                {c.request_body ? <CodeBlock text={c.request_body} maxLines={40} /> : null}
              </details>
            </Panel>
            <Panel title="Response body">
              <details data-testid="response-body-raw">
                <summary>{c.response_body ? fmtBytes(c.response_body.length) + " stored" : "not stored"}</summary>
                {c.response_body ? <CodeBlock text={c.response_body} maxLines={40} /> : null}
              </details>
            </Panel>
            <Panel title="Request headers">
              <HeadersTable headers={c.request_headers} testId="request-headers" />
            </Panel>
            <Panel title="Response headers">
              <HeadersTable headers={c.response_headers} testId="response-headers" />
            </Panel>
          </PanelGrid>
        </div>
      ) : call.error ? null : (
        <div className="loading">Loading…</div>
      )}
    </Page>
  );
}
