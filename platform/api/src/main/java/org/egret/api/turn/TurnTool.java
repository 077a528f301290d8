package org.egret.api.turn;

/**
 * A tool call within a turn and what became of it.
 *
 * @param callId       the id of the LLM call whose response asked for the tool
 * @param toolCallId   the provider's tool-call id (Gemini: the function name), may be null
 * @param name         the tool's name
 * @param argumentsKey a short hash of the arguments with JSON whitespace removed, for telling repeats apart
 * @param resultCallId the LLM call whose request sent the result back; null when none came back in the turn
 * @param error        the result says the tool failed; null when no result came back
 * @param resultKey    a short hash of the result's text, for telling repeats apart; null without a result
 */
public record TurnTool(String callId, String toolCallId, String name, String argumentsKey, String resultCallId,
        Boolean error, String resultKey) {
}
