package org.egret.pipeline.internal;

import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;

/** The closed turns of one window and agent kind, added up; also the accumulator a query merges kinds into. */
final class TurnWindowCell {

    long turns;
    long completeTurns;
    final DurationSketch duration = new DurationSketch();
    long calls;
    long errorCalls;
    long toolCalls;
    long toolResults;
    long toolErrors;
    long planLoopTurns;
    long noSubmitTurns;
    long inputTokens;
    long outputTokens;
    double costUsd;
    long lastSeen;

    void record(AgentTurn t) {
        turns++;
        if (t.getStatus() == TurnStatus.COMPLETE) {
            completeTurns++;
        }
        duration.record(t.getEndTime() > t.getStartTime() ? (t.getEndTime() - t.getStartTime()) / 1000.0 : 0);
        calls += t.getCallCount();
        errorCalls += t.getErrorCalls();
        toolCalls += t.getToolCallCount();
        toolResults += t.getToolResultCount();
        toolErrors += t.getToolErrorCount();
        if (t.getPlanLoop() != null) {
            planLoopTurns++;
        }
        if (t.isNoSubmit()) {
            noSubmitTurns++;
        }
        inputTokens += t.getInputTokens();
        outputTokens += t.getOutputTokens();
        costUsd += t.getCostUsd() == null ? 0 : t.getCostUsd();
        lastSeen = Math.max(lastSeen, t.getEndTime());
    }

    void add(TurnWindowCell o) {
        turns += o.turns;
        completeTurns += o.completeTurns;
        duration.add(o.duration);
        calls += o.calls;
        errorCalls += o.errorCalls;
        toolCalls += o.toolCalls;
        toolResults += o.toolResults;
        toolErrors += o.toolErrors;
        planLoopTurns += o.planLoopTurns;
        noSubmitTurns += o.noSubmitTurns;
        inputTokens += o.inputTokens;
        outputTokens += o.outputTokens;
        costUsd += o.costUsd;
        lastSeen = Math.max(lastSeen, o.lastSeen);
    }

    AgentWindow toWindow(long start, MetricGranularity g, String agentKind) {
        return new AgentWindow(start, g, agentKind, turns, completeTurns, duration.stats(), calls, errorCalls,
                toolCalls, toolResults, toolErrors, planLoopTurns, noSubmitTurns, inputTokens, outputTokens, costUsd,
                lastSeen);
    }
}
