import { Link, useParams } from "react-router";
import { useApi } from "../api/hooks";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { MetaGrid, Tag, TurnStatus } from "../components/explore/Badges";
import { downloadUrl } from "../components/explore/links";
import type { SessionDetail, SessionTurn } from "../components/explore/types";
import { fmtCost, fmtCount, fmtMs, fmtTime } from "../format";

function TurnBlock({ turn, index }: { turn: SessionTurn; index: number }) {
  const href = "/agent-turns/" + encodeURIComponent(turn.turn_id);
  return (
    <article className="turn-block" data-testid="row" data-id={turn.turn_id}>
      <header className="turn-block-head">
        <Link to={href} data-testid="turn-link">
          <strong>Turn {index + 1}</strong>
        </Link>
        <TurnStatus status={turn.status} />
        <span className="muted">{fmtTime(turn.start_time)}</span>
        <span>{fmtMs(turn.duration_ms)}</span>
        <span>{turn.call_count} calls</span>
        <span>
          {fmtCount(turn.total_input_tokens)} in / {fmtCount(turn.total_output_tokens)} out
        </span>
        {turn.total_cost_usd !== undefined ? <span>{fmtCost(turn.total_cost_usd)}</span> : null}
        {turn.tool_call_count ? <Tag>{turn.tool_call_count} tool calls</Tag> : null}
        {turn.tool_error_count ? <Tag tone="bad">{turn.tool_error_count} tool errors</Tag> : null}
        {turn.plan_loop ? <Tag tone="warn">plan loop: {turn.plan_loop.tool}</Tag> : null}
        <span className="mono muted">{turn.primary_model}</span>
      </header>
      <div className="qa-label">User</div>
      <div className="text-block" data-testid="user-input">{turn.user_input ?? "–"}</div>
      <div className="qa-label">Final answer</div>
      <div className="text-block" data-testid="final-answer">
        {turn.final_answer ?? (turn.status === "in_progress" ? "(the turn is still open)" : "–")}
      </div>
    </article>
  );
}

export default function AgentSessionDetailPage() {
  const { id = "" } = useParams();
  const s = useApi<SessionDetail>("agent-sessions/" + encodeURIComponent(id));
  const d = s.data;
  if (s.notFound) {
    return (
      <Page name="session-detail" title="Agent Session" loaded={true}>
        <EmptyState title="No such session">The session {id} is not stored (or no longer).</EmptyState>
      </Page>
    );
  }
  const tokens = d ? d.total_input_tokens + d.total_output_tokens : null;
  return (
    <Page
      name="session-detail"
      title="Agent Session"
      subtitle={<span className="mono">{id}</span>}
      loaded={s.settled}
      actions={
        <div className="explore-actions">
          <Link className="btn" to="/agent-sessions">
            ‹ All sessions
          </Link>
          <a className="btn" download data-testid="export-session" href={downloadUrl("export/trajectory", { scope: "session", session_id: id })}>
            Download session as SFT JSONL
          </a>
        </div>
      }
    >
      <ErrorBanner error={s.error} what="the session" />
      {d ? (
        <div className="stack">
          <KpiRow>
            <KpiCard name="turns" label="Turns" value={d.turn_count} display={fmtCount(d.turn_count)} hint={d.complete_turns !== undefined ? `${d.complete_turns} complete` : undefined} />
            <KpiCard name="calls" label="Calls" value={d.call_count} display={fmtCount(d.call_count)} />
            <KpiCard name="tokens" label="Tokens" value={tokens} display={fmtCount(tokens)} hint={`${fmtCount(d.total_input_tokens)} in / ${fmtCount(d.total_output_tokens)} out`} />
            <KpiCard name="cost" label="Cost" value={d.total_cost_usd} display={fmtCost(d.total_cost_usd)} />
            <KpiCard name="duration" label="Span" value={d.last_turn_at - d.first_turn_at} display={fmtMs(d.last_turn_at - d.first_turn_at)} hint="first turn to last" />
          </KpiRow>
          <MetaGrid
            items={[
              ["Session ID", <span className="mono">{d.session_id}</span>],
              ["Agent", d.agent_kind],
              ["Models", <span className="mono">{(d.models_used ?? []).join(", ")}</span>],
              ["First turn", fmtTime(d.first_turn_at)],
              ["Last turn", fmtTime(d.last_turn_at)],
              ["Source", d.source_id],
            ]}
          />
          {d.turns.length < d.turns_total ? (
            <div className="banner banner-warn">
              Showing the first {d.turns.length} of {d.turns_total} turns;{" "}
              <Link to={"/agent-turns?session_id=" + encodeURIComponent(d.session_id)}>list them all in Agent Turns</Link>.
            </div>
          ) : null}
          {d.turns.length === 0 ? <EmptyState title="No turns stored for this session" /> : null}
          {d.turns.map((t, i) => (
            <TurnBlock key={t.turn_id} turn={t} index={i} />
          ))}
        </div>
      ) : s.error ? null : (
        <div className="loading">Loading…</div>
      )}
    </Page>
  );
}
