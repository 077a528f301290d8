import { useApi, useViewParams } from "../api/hooks";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { Tag, TurnStatus } from "../components/explore/Badges";
import { FilterRow, SelectFilter, TextFilter, useLocalParams } from "../components/explore/ListFilters";
import { downloadUrl, serverSortable, sortState, withoutPaging } from "../components/explore/links";
import type { Paged, TraceListItem } from "../components/explore/types";
import { fmtCost, fmtCount, fmtMs, fmtRelative, fmtTime } from "../format";

const PAGE_SIZE = 50;
// the server's sortable columns (TurnQuery.SORT_FIELDS); the others sort nothing
const SORTABLE = ["start_time", "end_time", "duration_ms", "call_count", "total_input_tokens", "total_output_tokens"];
const LOCAL = ["status", "local_agent_kind", "client_ip", "session_id"] as const;

const columns: Column<TraceListItem>[] = serverSortable<TraceListItem>([
  {
    key: "start_time",
    label: "Started",
    render: (t) => (
      <span title={fmtTime(t.start_time)}>
        {fmtTime(t.start_time).slice(5)} <span className="muted">{fmtRelative(t.start_time)}</span>
      </span>
    ),
  },
  { key: "status", label: "Status", render: (t) => <TurnStatus status={t.status} /> },
  { key: "agent_kind", label: "Agent", render: (t) => t.agent_kind },
  { key: "primary_model", label: "Model", render: (t) => <span className="mono">{t.primary_model ?? "–"}</span> },
  {
    key: "user_input_preview",
    label: "User input",
    render: (t) => (
      <div className="cell-preview" title={t.user_input_preview ?? ""}>
        {t.user_input_preview ?? <span className="muted">–</span>}
      </div>
    ),
  },
  { key: "call_count", label: "Calls", align: "right" },
  {
    key: "tools",
    label: "Tools",
    align: "right",
    render: (t) => {
      const calls = t.tool_call_count ?? t.tool_call_total ?? 0;
      const errors = t.tool_error_count ?? 0;
      const missing = Math.max(0, calls - (t.tool_result_count ?? calls));
      return (
        <span>
          {calls}
          {errors ? <> <Tag tone="bad" title="tool results that were errors">{errors} err</Tag></> : null}
          {missing && t.status !== "in_progress" ? <> <Tag tone="warn" title="tool calls with no result">{missing} no result</Tag></> : null}
          {t.plan_loop ? <> <Tag tone="warn" title={`${t.plan_loop.tool} repeated ${t.plan_loop.repeats}×`}>loop</Tag></> : null}
        </span>
      );
    },
  },
  { key: "total_input_tokens", label: "In tok", align: "right", render: (t) => fmtCount(t.total_input_tokens) },
  { key: "total_output_tokens", label: "Out tok", align: "right", render: (t) => fmtCount(t.total_output_tokens) },
  { key: "cost", label: "Cost", align: "right", render: (t) => fmtCost(t.total_cost_usd) },
  { key: "duration_ms", label: "Duration", align: "right", render: (t) => fmtMs(t.duration_ms) },
  { key: "final_finish_reason", label: "Finish", render: (t) => <span className="mono">{t.final_finish_reason ?? "–"}</span> },
], SORTABLE);

export default function AgentTurnsPage() {
  const local = useLocalParams(LOCAL);
  const v = local.values;
  const sort = sortState(local.sortBy, local.sortOrder, "start_time");
  const params = useViewParams({
    status: v.status,
    client_ip: v.client_ip,
    session_id: v.session_id,
    ...(v.local_agent_kind ? { agent_kind: v.local_agent_kind } : {}),
    sort_by: local.sortBy,
    sort_order: local.sortBy ? local.sortOrder : "",
    page: local.page,
    page_size: PAGE_SIZE,
  });
  const turns = useApi<Paged<TraceListItem>>("traces", params);
  const rows = turns.data?.items ?? [];
  const open = rows.filter((t) => t.status === "in_progress").length;
  const exportHref = downloadUrl("export/trajectories", { ...withoutPaging(params), limit: 2000 });
  return (
    <Page
      name="turns"
      title="Agent Turns"
      subtitle="One turn: from a user's message to the agent's final answer, with every LLM call and tool call in between"
      loaded={turns.settled}
      actions={
        <a className="btn" href={exportHref} download data-testid="export-trajectories">
          Export filtered as SFT JSONL
        </a>
      }
    >
      <FilterRow onClear={() => local.set({ status: "", local_agent_kind: "", client_ip: "", session_id: "" })}>
        <SelectFilter
          name="status"
          label="Status"
          value={v.status}
          onChange={(s) => local.set({ status: s })}
          options={[
            ["", "any"],
            ["in_progress", "in progress"],
            ["complete", "complete"],
            ["incomplete", "incomplete"],
          ]}
        />
        <TextFilter name="agent_kind" label="Agent kind" value={v.local_agent_kind} placeholder="claude-cli,codex" onChange={(s) => local.set({ local_agent_kind: s })} />
        <TextFilter name="session_id" label="Session" value={v.session_id} width={200} onChange={(s) => local.set({ session_id: s })} />
        <TextFilter name="client_ip" label="Client IP" value={v.client_ip} placeholder="10.0.0.5,…" onChange={(s) => local.set({ client_ip: s })} />
      </FilterRow>
      <ErrorBanner error={turns.error} what="turns" />
      <Panel
        title="Turns"
        subtitle={
          turns.data
            ? `${fmtCount(turns.data.total)} turns${open ? ` · ${open} open on this page` : ""} · newest first unless sorted`
            : undefined
        }
      >
        {turns.data ? (
          <DataTable
            columns={columns}
            rows={rows}
            rowId={(t) => t.turn_id}
            rowHref={(t) => "/agent-turns/" + encodeURIComponent(t.turn_id)}
            sort={sort}
            onSort={(s) => local.set({ sort_by: s.key, sort_order: s.order })}
            total={turns.data.total}
            page={local.page}
            pageSize={PAGE_SIZE}
            onPage={(p) => local.set({ page: String(p) })}
            empty="No turns in this range"
          />
        ) : turns.error ? null : (
          <div className="loading">Loading…</div>
        )}
      </Panel>
    </Page>
  );
}
