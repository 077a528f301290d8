package org.egret.api.transcript;

import java.util.List;

/**
 * One message of a conversation. Roles are OpenAI's: {@code system}, {@code user}, {@code assistant}, {@code tool}
 * (a tool's result, answering {@link #toolCallId()}). A wire API's developer role is {@code system}; Gemini's
 * {@code model} role is {@code assistant}; an Anthropic user message carrying {@code tool_result} blocks becomes one
 * {@code tool} message per block, before that message's own text.
 *
 * @param role         system, user, assistant or tool
 * @param content      the message's text, parts joined with a blank line; null when it has none
 * @param reasoning    the model's reasoning or thinking text (assistant only); null when none was sent
 * @param toolCalls    the tool calls an assistant message makes, in order
 * @param toolCallId   for a tool message: the id of the call it answers (null when the wire API has no ids)
 * @param name         for a tool message: the tool's name when known
 * @param error        for a tool message: the result reports a failure (Anthropic {@code is_error}, an error
 *                     object, Gemini error response)
 * @param fromResponse true for the message(s) read from the response body
 * @param omitted      kinds of parts that are not text and were left out, e.g. {@code image}, {@code file},
 *                     {@code audio} (one entry per part)
 */
public record TranscriptMessage(String role, String content, String reasoning, List<TranscriptToolCall> toolCalls,
        String toolCallId, String name, boolean error, boolean fromResponse, List<String> omitted) {

    public TranscriptMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        omitted = omitted == null ? List.of() : List.copyOf(omitted);
    }

    /** A plain text message of the request. */
    public static TranscriptMessage text(String role, String content) {
        return new TranscriptMessage(role, content, null, List.of(), null, null, false, false, List.of());
    }
}
