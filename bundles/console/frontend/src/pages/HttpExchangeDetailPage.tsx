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
import type { ExchangeDetail } from "../components/explore/types";
import { fmtBytes, fmtCount, fmtMs, fmtTime } from "../format";

function Body({ text, encoding, truncated, testId }: { text: string | null; encoding?: string | null; truncated?: boolean; testId: string }) {
  if (text === null) return <div className="muted">No body stored</div>;
  return (
    <div data-testid={testId}>
      <div className="call-stats">
        <span>{fmtBytes(text.length)}</span>
        {encoding === "base64" ? <Tag tone="warn">binary, shown as base64</Tag> : null}
        {truncated ? <Tag tone="warn">cut at the body cap</Tag> : null}
      </div>
      <CodeBlock text={text} maxLines={60} />
    </div>
  );
}

export default function HttpExchangeDetailPage() {
  const { id = "" } = useParams();
  const ex = useApi<ExchangeDetail>("http-exchanges/" + encodeURIComponent(id));
  const x = ex.data;
  if (ex.notFound) {
    return (
      <Page name="http-detail" title="HTTP Exchange" loaded={true}>
        <EmptyState title="No such exchange">The exchange {id} is not stored (bodies are kept for fewer days than calls).</EmptyState>
      </Page>
    );
  }
  return (
    <Page
      name="http-detail"
      title="HTTP Exchange"
      subtitle={<span className="mono">{id}</span>}
      loaded={ex.settled}
      actions={
        <div className="explore-actions">
          <Link className="btn" to="/http-exchanges">
            ‹ All exchanges
          </Link>
          {x?.call_id ? (
            <Link className="btn" data-testid="exchange-call-link" to={"/llm-calls/" + encodeURIComponent(x.call_id)}>
              LLM call
            </Link>
          ) : null}
        </div>
      }
    >
      <ErrorBanner error={ex.error} what="the exchange" />
      {x ? (
        <div className="stack">
          <div className="text-block mono" data-testid="request-line">
            {`${x.method} ${x.uri} ${x.http_version ?? ""}`.trim()}
            {"\n"}
            {x.status === null ? "(no response)" : `${x.http_version ?? ""} ${x.status} ${x.status_reason ?? ""}`.trim()}
          </div>
          {x.problem ? <div className="banner banner-warn">{x.problem}</div> : null}
          <KpiRow>
            <KpiCard name="status" label="Status" value={x.status} display={x.status === null ? "none" : String(x.status)} tone={x.status === null || x.status >= 400 ? "bad" : "good"} />
            <KpiCard name="duration" label="Duration" value={x.duration_ms} display={fmtMs(x.duration_ms)} />
            {x.is_sse ? (
              <KpiCard name="sse-events" label="SSE events" value={x.sse_event_count} display={fmtCount(x.sse_event_count)} hint={fmtBytes(x.sse_data_bytes) + " of data"} />
            ) : null}
          </KpiRow>
          <Panel title="Exchange" wide>
            <MetaGrid
              items={[
                ["Client", <span className="mono">{`${x.client_ip}:${x.client_port}`}</span>],
                ["Server", <span className="mono">{`${x.server_ip}:${x.server_port}`}</span>],
                ["Status", <StatusCode code={x.status} />],
                ["Event stream", x.is_sse ? `yes, ${x.sse_event_count} events` : "no"],
                ["Request time", fmtTime(x.request_time)],
                ["Complete", x.complete === false ? "no" : "yes"],
                ["Source", x.source_id],
              ]}
            />
            <div style={{ marginTop: 12 }}>
              <TimingBar request={x.request_time} firstByte={x.response_first_byte_time} firstToken={null} complete={x.response_complete_time} />
            </div>
          </Panel>
          <PanelGrid>
            <Panel title="Request headers">
              <HeadersTable headers={x.request_headers} testId="request-headers" />
            </Panel>
            <Panel title="Response headers">
              <HeadersTable headers={x.response_headers} testId="response-headers" />
            </Panel>
          </PanelGrid>
          <Panel title="Request body" wide>
            <Body text={x.request_body} encoding={x.request_body_encoding} truncated={x.request_body_truncated} testId="request-body" />
          </Panel>
          <Panel title="Response body" subtitle={x.is_sse ? "the event stream as received" : undefined} wide>
            <Body text={x.response_body} encoding={x.response_body_encoding} truncated={x.response_body_truncated} testId="response-body" />
          </Panel>
        </div>
      ) : ex.error ? null : (
        <div className="loading">Loading…</div>
      )}
    </Page>
  );
}
