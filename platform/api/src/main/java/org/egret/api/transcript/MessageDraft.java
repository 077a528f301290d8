package org.egret.api.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * A message being read, filled part by part as a reader meets them; {@link TranscriptBuilder#build()} turns it into
 * a {@link TranscriptMessage}. Text parts are joined with a blank line, as are reasoning parts.
 */
public final class MessageDraft {

    private final TranscriptBuilder owner;
    private final String role;
    private final boolean fromResponse;
    private final List<String> text = new ArrayList<>(1);
    private final List<String> reasoning = new ArrayList<>(0);
    private final List<TranscriptToolCall> toolCalls = new ArrayList<>(0);
    private final List<String> omitted = new ArrayList<>(0);
    private String toolCallId;
    private String name;
    private boolean error;

    MessageDraft(TranscriptBuilder owner, String role, boolean fromResponse) {
        this.owner = owner;
        this.role = role;
        this.fromResponse = fromResponse;
    }

    public String role() {
        return role;
    }

    /** Adds a text part; null or empty text is no part. */
    public MessageDraft text(String part) {
        if (part != null && !part.isEmpty()) {
            text.add(part);
        }
        return this;
    }

    /** Adds a part of the model's reasoning; null or blank text is none. */
    public MessageDraft reasoning(String part) {
        if (part != null && !part.isBlank()) {
            reasoning.add(part);
        }
        return this;
    }

    /**
     * Adds a tool call whose arguments the reader has as JSON.
     *
     * @param argumentsJson the arguments as compact JSON text; null or blank when none were sent ({@code {}})
     */
    public MessageDraft toolCall(String id, String name, String argumentsJson) {
        String args = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        toolCalls.add(new TranscriptToolCall(id, name, args));
        return this;
    }

    /**
     * Adds a tool call with its arguments as the wire sent them: the compact form when they hold a JSON object,
     * {@code {}} when none were sent, else kept as sent and noted ({@link #toolCallUnparsed}).
     *
     * @param sent          the arguments as sent (JSON text), or null
     * @param compactObject the reader's compact JSON of them when they are one JSON object, else null
     */
    public MessageDraft toolCallAsSent(String id, String name, String sent, String compactObject) {
        if (compactObject != null) {
            return toolCall(id, name, compactObject);
        }
        if (sent == null || sent.isBlank()) {
            return toolCall(id, name, null);
        }
        return toolCallUnparsed(id, name, sent);
    }

    /**
     * Adds a tool call whose arguments are not valid JSON (a stream cut inside them, a client's slip): they are kept
     * as sent, and the transcript's problem says so.
     */
    public MessageDraft toolCallUnparsed(String id, String name, String arguments) {
        toolCalls.add(new TranscriptToolCall(id, name, arguments));
        owner.problem("arguments of tool call " + (id != null ? id : name) + " are not valid JSON, kept as sent");
        return this;
    }

    /** A part that is no text (an image, a file, audio…): a placeholder text such as {@code [image omitted]}. */
    public MessageDraft omitted(String kind) {
        String k = kind == null || kind.isBlank() ? "part" : kind;
        omitted.add(k);
        text.add("[" + k + " omitted]");
        return this;
    }

    /** For a tool message: the call it answers (null when the wire API has no ids) and the tool's name. */
    public MessageDraft answers(String toolCallId, String name) {
        this.toolCallId = toolCallId;
        this.name = name;
        return this;
    }

    /** For a tool message: the result reports a failure. */
    public MessageDraft error(boolean failed) {
        this.error |= failed;
        return this;
    }

    String toolCallId() {
        return toolCallId;
    }

    String name() {
        return name;
    }

    List<TranscriptToolCall> toolCalls() {
        return toolCalls;
    }

    /** Nothing was read into it: not kept, unless it is a tool result (an empty result is still an answer). */
    boolean isEmpty() {
        return text.isEmpty() && reasoning.isEmpty() && toolCalls.isEmpty() && !"tool".equals(role);
    }

    TranscriptMessage build(String resolvedCallId, String resolvedName) {
        return new TranscriptMessage(role, join(text), join(reasoning), toolCalls, resolvedCallId, resolvedName,
                error, fromResponse, omitted);
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }
}
