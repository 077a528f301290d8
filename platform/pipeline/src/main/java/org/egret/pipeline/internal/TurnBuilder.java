package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.egret.api.turn.TurnTool;

/**
 * Sums a turn's calls up into an {@link AgentTurn}: what the user asked, what the agent answered, tokens and cost,
 * every tool call with its result, and the two failure shapes agent developers chase: a plan loop (the same tool
 * call made again and again with the same result) and a turn that ends without an answer ("no submit").
 */
final class TurnBuilder {
    /** Identical tool calls with identical results, at least this many times in one turn, make a plan loop. */
    private final int planLoopRepeats;

    TurnBuilder(int planLoopRepeats) {
        this.planLoopRepeats = Math.max(2, planLoopRepeats);
    }

    AgentTurn build(String turnId, String pipeline, String sessionId, List<TurnCall> calls, TurnStatus status,
            String endReason) {
        TurnCall first = calls.get(0);
        AgentTurn t = new AgentTurn().setTurnId(turnId).setPipeline(pipeline).setSourceId(first.sourceId())
                .setSessionId(sessionId).setWireApi(first.wireApi()).setClientIp(first.clientIp())
                .setServerIp(first.serverIp()).setStatus(status).setEndReason(endReason);
        Set<String> models = new LinkedHashSet<>();
        Set<String> subagents = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>(calls.size());
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long in = 0;
        long out = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        long reasoning = 0;
        double cost = 0;
        boolean priced = false;
        int errors = 0;
        boolean substituted = false;
        String agentKind = null;
        TurnCall opener = null;
        TurnCall last = null;
        TurnCall terminal = null;
        for (TurnCall c : calls) {
            ids.add(c.id());
            start = Math.min(start, c.requestTime());
            end = Math.max(end, c.endTime());
            if (c.model() != null) {
                models.add(c.model());
            }
            if (c.subagent() != null) {
                subagents.add(c.subagent());
            }
            in += c.inputTokens();
            out += c.outputTokens();
            cacheRead += c.cacheReadInputTokens();
            cacheWrite += c.cacheCreationInputTokens();
            reasoning += c.reasoningTokens();
            if (c.costUsd() != null) {
                cost += c.costUsd();
                priced = true;
            }
            if (c.failed()) {
                errors++;
            }
            substituted |= c.substituted();
            if (c.mainAgent()) {
                if (agentKind == null) {
                    agentKind = c.agentKind();
                }
                if (opener == null && c.opensTurn()) {
                    opener = c;
                }
                if (c.endsTurn()) {
                    terminal = c;
                }
                last = c;
            }
        }
        t.setAgentKind(agentKind != null ? agentKind : first.agentKind()).setStartTime(start).setEndTime(end)
                .setCallIds(ids).setCallCount(ids.size()).setModels(List.copyOf(models))
                .setSubagents(List.copyOf(subagents)).setErrorCalls(errors).setInputTokens(in)
                .setOutputTokens(out).setCacheReadInputTokens(cacheRead).setCacheCreationInputTokens(cacheWrite)
                .setReasoningTokens(reasoning).setCostUsd(priced ? cost : null).setModelSubstituted(substituted);
        if (opener != null) {
            t.setUserCallId(opener.id()).setUserInput(opener.facts().userInput());
        }
        if (terminal != null) {
            t.setFinalCallId(terminal.id()).setFinalAnswer(terminal.facts().assistantText())
                    .setFinalFinishReason(terminal.finishReason());
        } else if (last != null) {
            t.setFinalFinishReason(last.finishReason());
        }
        String answer = t.getFinalAnswer();
        t.setNoSubmit(status != TurnStatus.IN_PROGRESS && (answer == null || answer.isBlank()));
        tools(t, calls);
        return t;
    }

    /**
     * Links every tool result to the call that asked for it: by tool-call id, else (Gemini has no ids) by tool name,
     * to the latest call of that name still unanswered.
     */
    private void tools(AgentTurn t, List<TurnCall> calls) {
        List<TurnTool> tools = new ArrayList<>();
        Map<String, Integer> unansweredById = new HashMap<>();
        int results = 0;
        int failures = 0;
        for (TurnCall c : calls) {
            // a request re-sends every earlier result too; the newest come last, so match from the end
            List<TurnCall.Result> sent = c.toolResults();
            for (int k = sent.size() - 1; k >= 0; k--) {
                TurnCall.Result r = sent.get(k);
                Integer i = r.toolCallId() == null ? null : unansweredById.remove(r.toolCallId());
                if (i == null) {
                    i = unansweredByName(tools, r);
                }
                if (i == null) {
                    continue; // answers a tool call from before the turn (or the capture)
                }
                TurnTool asked = tools.get(i);
                tools.set(i, new TurnTool(asked.callId(), asked.toolCallId(), asked.name(), asked.argumentsKey(),
                        c.id(), r.error(), r.contentKey()));
                results++;
                if (r.error()) {
                    failures++;
                }
            }
            for (TurnCall.Tool tool : c.toolCalls()) {
                if (tool.toolCallId() != null) {
                    unansweredById.putIfAbsent(tool.toolCallId(), tools.size());
                }
                tools.add(new TurnTool(c.id(), tool.toolCallId(), tool.name(), tool.argumentsKey(), null, null,
                        null));
            }
        }
        t.setTools(tools).setToolCallCount(tools.size()).setToolResultCount(results).setToolErrorCount(failures)
                .setPlanLoop(planLoop(tools, calls));
    }

    /** Gemini's calls carry no id: the latest unanswered call of the result's name. */
    private static Integer unansweredByName(List<TurnTool> tools, TurnCall.Result r) {
        String name = r.name() != null ? r.name() : r.toolCallId();
        if (name == null) {
            return null;
        }
        for (int i = tools.size() - 1; i >= 0; i--) {
            TurnTool t = tools.get(i);
            if (t.resultCallId() == null && t.toolCallId() == null && name.equals(t.name())) {
                return i;
            }
        }
        return null;
    }

    /**
     * The most repeated tool call whose result came back the same every time, when repeated at least
     * {@link #planLoopRepeats} times. A call repeated with a new result each time (polling a build that progresses)
     * is not a loop.
     */
    private PlanLoop planLoop(List<TurnTool> tools, List<TurnCall> calls) {
        Map<String, Integer> counts = new HashMap<>();
        String worst = null;
        int worstCount = 0;
        for (TurnTool t : tools) {
            if (t.resultKey() == null) {
                continue;
            }
            String key = t.name() + '\u0000' + t.argumentsKey() + '\u0000' + t.resultKey();
            int n = counts.merge(key, 1, Integer::sum);
            if (n > worstCount) {
                worstCount = n;
                worst = key;
            }
        }
        if (worst == null || worstCount < planLoopRepeats) {
            return null;
        }
        String name = worst.substring(0, worst.indexOf('\u0000'));
        String argsKey = worst.substring(name.length() + 1, worst.lastIndexOf('\u0000'));
        return new PlanLoop(name, argumentsPreview(calls, name, argsKey), worstCount);
    }

    private static String argumentsPreview(List<TurnCall> calls, String name, String argsKey) {
        for (TurnCall c : calls) {
            for (TurnCall.Tool t : c.toolCalls()) {
                if (name.equals(t.name()) && argsKey.equals(String.valueOf(t.argumentsKey()))) {
                    return t.argumentsPreview();
                }
            }
        }
        return null;
    }
}
