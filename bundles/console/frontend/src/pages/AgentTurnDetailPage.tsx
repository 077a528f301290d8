import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/hooks";
import { EmptyState } from "../components/EmptyState";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { MetaGrid, Tag, TurnStatus } from "../components/explore/Badges";
import { CallCard } from "../components/explore/CallCard";
import { downloadUrl } from "../components/explore/links";
import { Timeline } from "../components/explore/Timeline";
import type { TraceDetail, TraceSpanItem } from "../components/explore/types";
import { fmtCost, fmtCount, fmtMs, fmtPercent, fmtTime } from "../format";

export default function AgentTurnDetailPage() {
  const { id = "" } = useParams();
  const turn = useApi<TraceDetail>("traces/" + encodeURIComponent(id));
  const spans = useApi<TraceSpanItem[]>("traces/" + encodeURIComponent(id) + "/spans", { lite: 1 });
  const [flash, setFlash] = useState<string | null>(null);
  const t = turn.data;
  const calls = spans.data ?? [];
  const pick = (callId: string) => {
    document.getElementById("call-" + callId)?.scrollIntoView({ behavior: "smooth", block: "start" });
    setFlash(callId);
    window.setTimeout(() => setFlash((f) => (f === callId ? null : f)), 1600);
  };
  const failedTools = t?.tools?.filter((x) => x.is_error) ?? [];
  const unanswered = t?.tools?.filter((x) => x.result_call_id === null) ?? [];

  if (turn.notFound) {
    return (
      <Page name="turn-detail" title="Agent Turn" loaded={true}>
        <EmptyState title="No such turn">The turn {id} is not stored (or no longer).</EmptyState>
      </Page>
    );
  }
  const tokens = t ? t.total_input_tokens + t.total_output_tokens : null;
  return (
    <Page
      name="turn-detail"
      title="Agent Turn"
      subtitle={<span className="mono">{id}</span>}
      loaded={turn.settled && spans.settled}
      actions={
        <div className="explore-actions">
          <Link className="btn" to="/agent-turns">
            ‹ All turns
          </Link>
          {t?.session_id ? (
            <Link className="btn" to={"/agent-sessions/" + encodeURIComponent(t.session_id)}>
              Session
            </Link>
          ) : null}
          <a
            className="btn"
            download
            data-testid="export-turn"
            href={downloadUrl("export/trajectory", { scope: "turn", turn_id: id })}
          >
            Download turn as SFT JSONL
          </a>
        </div>
      }
    >
      <ErrorBanner error={turn.error} what="the turn" />
      <ErrorBanner error={spans.error} what="the turn's calls" />
      {t ? (
        <>
          <KpiRow>
            <KpiCard name="calls" label="Calls" value={t.call_count} display={fmtCount(t.call_count)} hint={t.error_calls ? `${t.error_calls} failed` : undefined} tone={t.error_calls ? "bad" : undefined} />
            <KpiCard name="tokens" label="Tokens" value={tokens} display={fmtCount(tokens)} hint={`${fmtCount(t.total_input_tokens)} in / ${fmtCount(t.total_output_tokens)} out`} />
            <KpiCard name="cost" label="Cost" value={t.total_cost_usd} display={fmtCost(t.total_cost_usd)} />
            <KpiCard name="duration" label="Duration" value={t.duration_ms} display={fmtMs(t.duration_ms)} />
            <KpiCard name="status" label="Status" value={null} display={t.status.replace("_", " ")} hint={t.final_finish_reason ?? t.end_reason ?? undefined} tone={t.status === "complete" ? "good" : "warn"} />
            <KpiCard
              name="tool-success"
              label="Tool success"
              value={t.tool_success_rate}
              display={fmtPercent(t.tool_success_rate, 0)}
              hint={`${t.tool_call_count ?? 0} tool calls · ${t.tool_error_count ?? 0} errors`}
              tone={t.tool_error_count ? "bad" : undefined}
            />
          </KpiRow>
          {failedTools.length || unanswered.length || t.plan_loop || t.no_submit ? (
            <div className="banner banner-warn" data-testid="turn-problems">
              {failedTools.length ? <div>Tool errors: {failedTools.map((x) => x.name).join(", ")}</div> : null}
              {unanswered.length ? (
                <div>
                  Tool calls with no result{t.status === "in_progress" ? " (yet)" : ""}: {unanswered.map((x) => x.name).join(", ")}
                </div>
              ) : null}
              {t.plan_loop ? (
                <div>
                  Plan loop: <span className="mono">{t.plan_loop.tool}</span> called {t.plan_loop.repeats}× with the same arguments{" "}
                  <span className="mono">{t.plan_loop.arguments}</span>
                </div>
              ) : null}
              {t.no_submit ? <div>The agent never submitted an answer.</div> : null}
            </div>
          ) : null}
          <div className="stack">
            <Panel title="Turn" wide>
              <MetaGrid
                items={[
                  ["Turn ID", <span className="mono">{t.turn_id}</span>],
                  [
                    "Session",
                    t.session_id ? (
                      <Link className="mono" to={"/agent-sessions/" + encodeURIComponent(t.session_id)}>
                        {t.session_id}
                      </Link>
                    ) : null,
                  ],
                  ["Agent", t.agent_kind + (t.subagents_used?.length ? ` (+ ${t.subagents_used.join(", ")})` : "")],
                  ["Status", <TurnStatus status={t.status} />],
                  ["Wire API", t.wire_api],
                  ["Models", <span className="mono">{t.models_used.join(", ")}</span>],
                  ["Client", t.client_ip],
                  ["Server", t.server_ip],
                  ["Start", fmtTime(t.start_time)],
                  ["End", fmtTime(t.end_time)],
                  ["Source", t.source_id],
                  ["Cache read / write", `${fmtCount(t.total_cache_read_input_tokens)} / ${fmtCount(t.total_cache_creation_input_tokens)}`],
                ]}
              />
              <div className="qa-label">User input</div>
              <div className="text-block" data-testid="user-input">{t.user_input ?? "–"}</div>
              <div className="qa-label">Final answer</div>
              <div className="text-block" data-testid="final-answer">{t.final_answer ?? (t.status === "in_progress" ? "(not yet)" : "–")}</div>
            </Panel>
            <Panel title="Timeline" subtitle="each call on the turn's time axis; click a bar to go to its card" wide>
              {calls.length ? (
                <Timeline
                  start={t.start_time}
                  end={t.status === "in_progress" ? Math.max(t.end_time, Date.now()) : t.end_time}
                  onPick={pick}
                  calls={calls.map((c) => ({
                    id: c.id,
                    label: `#${c.sequence} ${c.model ?? ""}${c.finish_reason ? " · " + c.finish_reason : ""}`,
                    request_time: c.request_time,
                    complete_time: c.complete_time,
                    ttft_ms: c.ttft_ms,
                    e2e_latency_ms: c.e2e_latency_ms,
                    failed: c.status_code === null || c.status_code >= 400,
                  }))}
                />
              ) : spans.settled ? (
                <EmptyState title="No stored calls" />
              ) : (
                <div className="loading">Loading…</div>
              )}
            </Panel>
            {t.tools?.length ? (
              <Panel title="Tool calls" subtitle="every tool the model called in this turn and what came back; click to go to the call" wide>
                <div className="tool-index" data-testid="tool-index">
                  {t.tools.map((x, i) => {
                    const seq = calls.find((c) => c.id === x.call_id)?.sequence;
                    const state = x.result_call_id === null ? "missing" : x.is_error ? "error" : "ok";
                    return (
                      <button
                        type="button"
                        key={x.tool_call_id ?? i}
                        className={"tool-index-item tool-" + state}
                        data-testid="tool-index-item"
                        data-result={state}
                        onClick={() => pick(x.result_call_id ?? x.call_id)}
                        title={x.tool_call_id ?? ""}
                      >
                        <span className="mono tool-name">{x.name}</span>
                        <span className="muted">{seq ? "call #" + seq : ""}</span>
                        {state === "missing" ? <Tag tone="bad">no result</Tag> : state === "error" ? <Tag tone="bad">error</Tag> : <Tag tone="good">ok</Tag>}
                      </button>
                    );
                  })}
                </div>
              </Panel>
            ) : null}
            <h2 className="section-title">
              Calls <Tag>{calls.length}</Tag>
            </h2>
            {calls.map((c, i) => (
              <CallCard key={c.id} call={c} newest={i === calls.length - 1} laterCall={i < calls.length - 1} flash={flash === c.id} />
            ))}
          </div>
        </>
      ) : turn.error ? null : (
        <div className="loading">Loading…</div>
      )}
    </Page>
  );
}
