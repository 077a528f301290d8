package org.egret.api.decode;

/**
 * A tool's result that a request sends back to the model, linked to the tool call it answers.
 *
 * @param toolCallId the id of the tool call it answers (Anthropic {@code tool_use_id}, OpenAI {@code tool_call_id},
 *                   Responses {@code call_id}); for Gemini, which has no ids, the function name
 * @param name       the tool's name, from the answered tool call in the request's history; null when not found
 * @param error      the result says the tool failed (Anthropic {@code is_error}, a Gemini {@code error} response)
 * @param content    the result's text, cut to {@link #CONTENT_LIMIT} characters; the full text is in the request body
 */
public record ToolResult(String toolCallId, String name, boolean error, String content) {

    /** Characters of a result's text kept on the record. */
    public static final int CONTENT_LIMIT = 2048;

    /** {@code text} cut to {@link #CONTENT_LIMIT} characters, never inside a surrogate pair; null stays null. */
    public static String clip(String text) {
        return TurnFacts.clip(text, CONTENT_LIMIT);
    }
}
