import { useApi, useViewParams } from "../api/hooks";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { StatusCode, Tag } from "../components/explore/Badges";
import { FilterRow, SelectFilter, TextFilter, useLocalParams } from "../components/explore/ListFilters";
import { serverSortable, sortState } from "../components/explore/links";
import type { ExchangeListItem, Paged } from "../components/explore/types";
import { fmtCount, fmtMs, fmtRelative, fmtTime } from "../format";

const PAGE_SIZE = 50;
// ExchangeQuery.SORT_FIELDS
const SORTABLE = ["request_time", "status", "duration_ms"];
const LOCAL = ["method", "status", "client_ip", "uri", "is_sse"] as const;

const columns: Column<ExchangeListItem>[] = serverSortable<ExchangeListItem>(
  [
    {
      key: "request_time",
      label: "Time",
      render: (x) => (
        <span title={fmtTime(x.request_time)}>
          {fmtTime(x.request_time).slice(5)} <span className="muted">{fmtRelative(x.request_time)}</span>
        </span>
      ),
    },
    { key: "method", label: "Method", render: (x) => <span className="mono">{x.method}</span> },
    { key: "uri", label: "URI", render: (x) => <div className="mono cell-preview" title={x.uri}>{x.uri}</div> },
    { key: "status", label: "Status", render: (x) => <StatusCode code={x.status} /> },
    {
      key: "kind",
      label: "Kind",
      render: (x) => (
        <span>
          {x.is_sse ? <Tag>SSE</Tag> : null} {x.call_id ? <Tag tone="live">LLM call</Tag> : null}{" "}
          {x.complete === false ? <Tag tone="warn" title={x.problem ?? ""}>incomplete</Tag> : null}
        </span>
      ),
    },
    { key: "duration_ms", label: "Duration", align: "right", render: (x) => fmtMs(x.duration_ms) },
    { key: "client_ip", label: "Client", render: (x) => <span className="mono">{x.client_ip}</span> },
    { key: "server", label: "Server", render: (x) => <span className="mono">{`${x.server_ip}:${x.server_port}`}</span> },
  ],
  SORTABLE,
);

export default function HttpExchangesPage() {
  const local = useLocalParams(LOCAL);
  const v = local.values;
  const { start, end, server_ip } = useViewParams();
  const params = {
    start,
    end,
    server_ip,
    ...v,
    sort_by: local.sortBy,
    sort_order: local.sortBy ? local.sortOrder : "",
    page: local.page,
    page_size: PAGE_SIZE,
  };
  const list = useApi<Paged<ExchangeListItem>>("http-exchanges", params);
  return (
    <Page name="http" title="Raw HTTP" subtitle="HTTP exchanges as captured, LLM or not" loaded={list.settled}>
      <FilterRow onClear={() => local.set({ method: "", status: "", client_ip: "", uri: "", is_sse: "" })}>
        <TextFilter name="method" label="Method" value={v.method} placeholder="POST" width={90} onChange={(s) => local.set({ method: s })} />
        <TextFilter name="status" label="Status" value={v.status} placeholder="200,500" width={100} onChange={(s) => local.set({ status: s })} />
        <TextFilter name="client_ip" label="Client IP" value={v.client_ip} onChange={(s) => local.set({ client_ip: s })} />
        <TextFilter name="uri" label="URI contains" value={v.uri} placeholder="/v1/" width={180} onChange={(s) => local.set({ uri: s })} />
        <SelectFilter
          name="is_sse"
          label="SSE"
          value={v.is_sse}
          onChange={(s) => local.set({ is_sse: s })}
          options={[
            ["", "all"],
            ["true", "event streams"],
            ["false", "not streams"],
          ]}
        />
      </FilterRow>
      <ErrorBanner error={list.error} what="HTTP exchanges" />
      <Panel title="Exchanges" subtitle={list.data ? `${fmtCount(list.data.total)} exchanges` : undefined}>
        {list.data ? (
          <DataTable
            columns={columns}
            rows={list.data.items}
            rowId={(x) => x.id}
            rowHref={(x) => "/http-exchanges/" + encodeURIComponent(x.id)}
            sort={sortState(local.sortBy, local.sortOrder, "request_time")}
            onSort={(s) => local.set({ sort_by: s.key, sort_order: s.order })}
            total={list.data.total}
            page={local.page}
            pageSize={PAGE_SIZE}
            onPage={(p) => local.set({ page: String(p) })}
            empty="No HTTP exchanges in this range"
          />
        ) : list.error ? null : (
          <div className="loading">Loading…</div>
        )}
      </Panel>
    </Page>
  );
}
