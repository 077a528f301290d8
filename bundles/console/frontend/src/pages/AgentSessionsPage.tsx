import { useEffect, useState } from "react";
import { useApi, useViewParams } from "../api/hooks";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { useLocalParams } from "../components/explore/ListFilters";
import { serverSortable, sortState } from "../components/explore/links";
import type { Paged, SessionListItem } from "../components/explore/types";
import { fmtCost, fmtCount, fmtMs, fmtRelative, fmtTime } from "../format";

const PAGE_SIZE = 50;
// AgentSession.SORT_FIELDS
const SORTABLE = ["start_time", "end_time", "turn_count", "call_count", "total_input_tokens", "total_output_tokens"];

const columns: Column<SessionListItem>[] = serverSortable<SessionListItem>(
  [
    {
      key: "end_time",
      label: "Last turn",
      render: (s) => (
        <span title={fmtTime(s.last_turn_at)}>
          {fmtTime(s.last_turn_at).slice(5)} <span className="muted">{fmtRelative(s.last_turn_at)}</span>
        </span>
      ),
    },
    { key: "agent_kind", label: "Agent" },
    {
      key: "first_user_input_preview",
      label: "First user input",
      render: (s) => (
        <div className="cell-preview" title={s.first_user_input_preview ?? ""}>
          {s.first_user_input_preview ?? <span className="muted">–</span>}
        </div>
      ),
    },
    {
      key: "turn_count",
      label: "Turns",
      align: "right",
      render: (s) => (
        <span title={`${s.complete_turns ?? "?"} complete`}>
          {s.turn_count}
          {s.complete_turns !== undefined && s.complete_turns < s.turn_count ? (
            <span className="muted"> ({s.turn_count - s.complete_turns} open/incomplete)</span>
          ) : null}
        </span>
      ),
    },
    { key: "call_count", label: "Calls", align: "right" },
    { key: "total_input_tokens", label: "In tok", align: "right", render: (s) => fmtCount(s.total_input_tokens) },
    { key: "total_output_tokens", label: "Out tok", align: "right", render: (s) => fmtCount(s.total_output_tokens) },
    { key: "cost", label: "Cost", align: "right", render: (s) => fmtCost(s.total_cost_usd) },
    { key: "span", label: "Span", align: "right", render: (s) => fmtMs(s.last_turn_at - s.first_turn_at) },
    { key: "models", label: "Models", render: (s) => <span className="mono">{(s.models_used ?? []).join(", ")}</span> },
  ],
  SORTABLE,
);

export default function AgentSessionsPage() {
  const local = useLocalParams([] as const);
  const { start, end, agent_kind } = useViewParams();
  // cursor paging: the cursors of the pages before this one, so Prev can go back
  const [cursors, setCursors] = useState<string[]>([]);
  const agentKey = JSON.stringify(agent_kind);
  useEffect(() => setCursors([]), [local.sortBy, local.sortOrder, agentKey]);
  const cursor = cursors.length ? cursors[cursors.length - 1] : undefined;
  const list = useApi<Paged<SessionListItem>>("agent-sessions", {
    start,
    end,
    agent_kind,
    cursor,
    page_size: PAGE_SIZE,
    sort_by: local.sortBy,
    sort_order: local.sortBy ? local.sortOrder : "",
  });
  const d = list.data;
  const page = cursors.length + 1;
  return (
    <Page
      name="sessions"
      title="Agent Sessions"
      subtitle="Conversations of an agent, turn after turn (the agent filter of the toolbar applies)"
      loaded={list.settled}
    >
      <ErrorBanner error={list.error} what="sessions" />
      <Panel title="Sessions" subtitle={d ? `${fmtCount(d.total)} sessions · page ${page}` : undefined}>
        {d ? (
          <>
            <DataTable
              columns={columns}
              rows={d.items}
              rowId={(s) => s.session_id}
              rowHref={(s) => "/agent-sessions/" + encodeURIComponent(s.session_id)}
              sort={sortState(local.sortBy, local.sortOrder, "end_time")}
              onSort={(s) => local.set({ sort_by: s.key, sort_order: s.order })}
              pageSize={PAGE_SIZE}
              empty="No sessions in this range"
            />
            {cursors.length || d.next_cursor ? (
              <div className="pager">
                <button type="button" className="btn btn-small" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
                  ‹ Prev
                </button>
                <span>Page {page}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="next-page"
                  disabled={!d.next_cursor}
                  onClick={() => d.next_cursor && setCursors([...cursors, d.next_cursor])}
                >
                  Next ›
                </button>
              </div>
            ) : null}
          </>
        ) : list.error ? null : (
          <div className="loading">Loading…</div>
        )}
      </Panel>
    </Page>
  );
}
