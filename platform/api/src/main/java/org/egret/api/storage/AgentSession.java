package org.egret.api.storage;

import java.util.List;

/**
 * A session summed up from its stored turns (upstream proxy legs left out).
 *
 * @param sessionId         the session id
 * @param sourceId          the packet source of its first turn
 * @param agentKind         the agent kind of its first turn
 * @param startTime         epoch µs: start of its first turn
 * @param endTime           epoch µs: end of its last turn
 * @param turnCount         turns
 * @param completeTurns     turns that ended with an answer
 * @param callCount         calls in its turns
 * @param inputTokens       sum of input tokens
 * @param outputTokens      sum of output tokens
 * @param cacheReadInputTokens sum of prompt-cache reads
 * @param cacheCreationInputTokens sum of prompt-cache writes
 * @param costUsd           sum of turn costs; null when none has one
 * @param models            models used, in order of first use
 * @param firstUserInput    what the user asked first
 * @param lastTurnId        its latest turn, whose terminal call holds the whole conversation
 */
public record AgentSession(String sessionId, String sourceId, String agentKind, long startTime, long endTime,
        int turnCount, int completeTurns, long callCount, long inputTokens, long outputTokens,
        long cacheReadInputTokens, long cacheCreationInputTokens, Double costUsd, List<String> models,
        String firstUserInput, String lastTurnId) {

    /** Fields a session list can be sorted by. */
    public static final List<String> SORT_FIELDS = List.of("start_time", "end_time", "turn_count", "call_count",
            "total_input_tokens", "total_output_tokens");
}
