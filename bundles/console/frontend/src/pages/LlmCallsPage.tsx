import { useApi, useViewParams } from "../api/hooks";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { StatusCode, Tag } from "../components/explore/Badges";
import { FilterRow, SelectFilter, TextFilter, useLocalParams } from "../components/explore/ListFilters";
import { serverSortable, sortState } from "../components/explore/links";
import type { Paged, SpanListItem } from "../components/explore/types";
import { fmtCost, fmtCount, fmtMs, fmtRelative, fmtTime } from "../format";

const PAGE_SIZE = 50;
// CallQuery.SORT_FIELDS
const SORTABLE = ["request_time", "status_code", "ttft_ms", "e2e_latency_ms", "input_tokens", "output_tokens"];
const LOCAL = ["finish_reason", "status_code", "client_ip", "server_port", "request_path", "is_stream"] as const;

const columns: Column<SpanListItem>[] = serverSortable<SpanListItem>(
  [
    {
      key: "request_time",
      label: "Time",
      render: (c) => (
        <span title={fmtTime(c.request_time)}>
          {fmtTime(c.request_time).slice(5)} <span className="muted">{fmtRelative(c.request_time)}</span>
        </span>
      ),
    },
    { key: "model", label: "Model", render: (c) => <span className="mono">{c.model ?? "–"}</span> },
    { key: "wire_api", label: "Wire API" },
    { key: "status_code", label: "Status", render: (c) => <StatusCode code={c.status_code} /> },
    {
      key: "finish_reason",
      label: "Finish",
      render: (c) => (
        <span>
          <span className="mono">{c.finish_reason ?? "–"}</span>
          {c.tool_call_count ? <> <Tag title={c.tool_names.join(", ")}>{c.tool_call_count} tools</Tag></> : null}
          {c.partial ? <> <Tag tone="warn">partial</Tag></> : null}
        </span>
      ),
    },
    {
      key: "ttft_ms",
      label: "TTFT",
      align: "right",
      title: "Streams: time to the first content token. Non-streams: time to the response's first byte.",
      render: (c) => fmtMs(c.ttft_ms),
    },
    { key: "e2e_latency_ms", label: "E2E", align: "right", render: (c) => fmtMs(c.e2e_latency_ms) },
    {
      key: "input_tokens",
      label: "In tok",
      align: "right",
      render: (c) => fmtCount(c.input_tokens) + (c.tokens_estimated ? "*" : ""),
    },
    { key: "output_tokens", label: "Out tok", align: "right", render: (c) => fmtCount(c.output_tokens) + (c.tokens_estimated ? "*" : "") },
    { key: "cost", label: "Cost", align: "right", render: (c) => fmtCost(c.cost_usd) },
    { key: "stream", label: "Mode", render: (c) => (c.is_stream ? "stream" : "single") },
    { key: "client_ip", label: "Client", render: (c) => <span className="mono">{c.client_ip}</span> },
    { key: "server", label: "Server", render: (c) => <span className="mono">{c.server_ip + ":" + c.server_port}</span> },
    { key: "request_path", label: "Path", render: (c) => <span className="mono cell-preview">{c.request_path ?? "–"}</span> },
  ],
  SORTABLE,
);

export default function LlmCallsPage() {
  const local = useLocalParams(LOCAL);
  const v = local.values;
  const params = useViewParams({
    ...v,
    sort_by: local.sortBy,
    sort_order: local.sortBy ? local.sortOrder : "",
    page: local.page,
    page_size: PAGE_SIZE,
  });
  const calls = useApi<Paged<SpanListItem>>("spans", params);
  const clear = Object.fromEntries(LOCAL.map((k) => [k, ""]));
  return (
    <Page name="calls" title="LLM Calls" subtitle="Every model call seen on the wire" loaded={calls.settled}>
      <FilterRow onClear={() => local.set(clear)}>
        <TextFilter name="finish_reason" label="Finish reason" value={v.finish_reason} placeholder="stop,tool_use" onChange={(s) => local.set({ finish_reason: s })} />
        <TextFilter name="status_code" label="Status code" value={v.status_code} placeholder="429,500" width={100} onChange={(s) => local.set({ status_code: s })} />
        <TextFilter name="client_ip" label="Client IP" value={v.client_ip} onChange={(s) => local.set({ client_ip: s })} />
        <TextFilter name="server_port" label="Server port" value={v.server_port} width={90} onChange={(s) => local.set({ server_port: s })} />
        <TextFilter name="request_path" label="Path contains" value={v.request_path} placeholder="/v1/messages" onChange={(s) => local.set({ request_path: s })} />
        <SelectFilter
          name="is_stream"
          label="Mode"
          value={v.is_stream}
          onChange={(s) => local.set({ is_stream: s })}
          options={[
            ["", "all"],
            ["stream", "stream"],
            ["non-stream", "non-stream"],
          ]}
        />
      </FilterRow>
      <ErrorBanner error={calls.error} what="calls" />
      <Panel title="Calls" subtitle={calls.data ? `${fmtCount(calls.data.total)} calls · * tokens estimated` : undefined}>
        {calls.data ? (
          <DataTable
            columns={columns}
            rows={calls.data.items}
            rowId={(c) => c.id}
            rowHref={(c) => "/llm-calls/" + encodeURIComponent(c.id)}
            sort={sortState(local.sortBy, local.sortOrder, "request_time")}
            onSort={(s) => local.set({ sort_by: s.key, sort_order: s.order })}
            total={calls.data.total}
            page={local.page}
            pageSize={PAGE_SIZE}
            onPage={(p) => local.set({ page: String(p) })}
            empty="No calls in this range"
          />
        ) : calls.error ? null : (
          <div className="loading">Loading…</div>
        )}
      </Panel>
    </Page>
  );
}
