package org.egret.api.pipeline;

/**
 * The agent turns of one event-time window (keyed by each turn's start), for one agent kind or (null) all of them.
 * Only closed turns count.
 *
 * @param start         epoch µs of the window's start
 * @param granularity   the window's width
 * @param agentKind     e.g. {@code claude-cli}, or null when merged away
 * @param turns         turns closed
 * @param completeTurns of them, closed by a terminal answer
 * @param duration      start to end of the turns
 * @param calls         calls in the turns
 * @param errorCalls    of them, failed
 * @param toolCalls     tool calls the model asked for
 * @param toolResults   tool results that came back in the turn
 * @param toolErrors    results that say the tool failed
 * @param planLoopTurns turns that repeated a tool call without progress
 * @param noSubmitTurns turns that ended without a final answer
 * @param inputTokens   input tokens of their calls
 * @param outputTokens  output tokens of their calls
 * @param costUsd       cost of their calls
 * @param lastSeen      epoch µs of the latest turn end, 0 when none
 */
public record AgentWindow(long start, MetricGranularity granularity, String agentKind, long turns, long completeTurns,
        LatencyStats duration, long calls, long errorCalls, long toolCalls, long toolResults, long toolErrors,
        long planLoopTurns, long noSubmitTurns, long inputTokens, long outputTokens, double costUsd, long lastSeen) {

    /** Calls per turn; null without turns. */
    public Double callsPerTurn() {
        return turns == 0 ? null : calls / (double) turns;
    }

    /** Share of returned tool results that succeeded, 0..1; null when none came back. */
    public Double toolSuccessRate() {
        return toolResults == 0 ? null : (toolResults - toolErrors) / (double) toolResults;
    }

    /** This row and another of the same window added up (rows of two pipelines, or of two agent kinds). */
    public AgentWindow plus(AgentWindow o) {
        return new AgentWindow(start, granularity, agentKind, turns + o.turns, completeTurns + o.completeTurns,
                duration.plus(o.duration), calls + o.calls, errorCalls + o.errorCalls, toolCalls + o.toolCalls,
                toolResults + o.toolResults, toolErrors + o.toolErrors, planLoopTurns + o.planLoopTurns,
                noSubmitTurns + o.noSubmitTurns, inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                costUsd + o.costUsd, Math.max(lastSeen, o.lastSeen));
    }
}
