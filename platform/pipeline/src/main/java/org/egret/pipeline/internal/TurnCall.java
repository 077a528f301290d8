package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.decode.TurnFacts;

/**
 * What the turn tracker keeps of a call: a few hundred bytes instead of its bodies, since open turns of every
 * session stay in memory until they close.
 */
record TurnCall(String id, String sourceId, String sessionKey, String agentKind, String wireApi, String clientIp,
        String serverIp, String host, long requestTime, long endTime, String model, String finishReason, boolean failed,
        boolean substituted, String subagent, TurnFacts facts, long inputTokens, long outputTokens,
        long cacheReadInputTokens, long cacheCreationInputTokens, long reasoningTokens, Double costUsd,
        List<Tool> toolCalls, List<Result> toolResults) {

    /** A tool call of the response, its arguments reduced to a key. */
    record Tool(String toolCallId, String name, String argumentsKey, String argumentsPreview) {
    }

    /** A tool result of the request, its text reduced to a key. */
    record Result(String toolCallId, String name, boolean error, String contentKey) {
    }

    static final int ARGUMENTS_PREVIEW = 200;
    /** Results kept of one request: the newest, which are last (a request re-sends all earlier ones). */
    static final int MAX_RESULTS = 256;

    static TurnCall of(LlmCall c, String sessionKey) {
        List<ToolCall> asked = c.getToolCalls() == null ? List.of() : c.getToolCalls();
        List<ToolResult> sent = c.getToolResults() == null ? List.of() : c.getToolResults();
        List<Tool> tools = new ArrayList<>(asked.size());
        for (ToolCall t : asked) {
            String args = t.arguments();
            tools.add(new Tool(t.id(), t.name(), ContentKeys.ofJson(args),
                    args == null ? null : TurnFacts.clip(args, ARGUMENTS_PREVIEW)));
        }
        List<Result> results = new ArrayList<>(Math.min(sent.size(), MAX_RESULTS));
        for (ToolResult r : sent.subList(Math.max(0, sent.size() - MAX_RESULTS), sent.size())) {
            results.add(new Result(r.toolCallId(), r.name(), r.error(), ContentKeys.ofText(r.content())));
        }
        long end = c.getCompleteTime() > 0 ? c.getCompleteTime() : c.getRequestTime();
        boolean failed = c.getStatusCode() == 0 || c.getStatusCode() >= 400 || c.getErrorType() != null;
        String model = c.getModel() != null ? c.getModel() : c.getRequestModel();
        return new TurnCall(c.getId(), c.getSourceId(), sessionKey, c.getAgentKind(), c.getWireApi(),
                c.getClientIp(), c.getServerIp(), c.getHost(), c.getRequestTime(), end, model, c.getFinishReason(), failed,
                c.isModelSubstituted(), c.getSubagent(), c.getTurnFacts(), n(c.getInputTokens()),
                n(c.getOutputTokens()), n(c.getCacheReadInputTokens()), n(c.getCacheCreationInputTokens()),
                n(c.getReasoningTokens()), c.getCostUsd(), List.copyOf(tools), List.copyOf(results));
    }

    TurnCall withResults(List<Result> results) {
        return new TurnCall(id, sourceId, sessionKey, agentKind, wireApi, clientIp, serverIp, host, requestTime,
                endTime, model, finishReason, failed, substituted, subagent, facts, inputTokens, outputTokens,
                cacheReadInputTokens, cacheCreationInputTokens, reasoningTokens, costUsd, toolCalls, results);
    }

    private static long n(Integer v) {
        return v == null ? 0 : v;
    }

    boolean mainAgent() {
        return subagent == null;
    }

    boolean opensTurn() {
        return mainAgent() && Boolean.TRUE.equals(facts.userTurnStart());
    }

    boolean endsTurn() {
        return mainAgent() && Boolean.TRUE.equals(facts.terminal());
    }
}
