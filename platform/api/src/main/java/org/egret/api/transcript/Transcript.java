package org.egret.api.transcript;

import java.util.List;

/**
 * One call's conversation in a wire-neutral shape.
 *
 * @param wireApi  the wire API it was read from
 * @param messages the request's messages in order (system first when the wire API keeps it apart), then the
 *                 response's assistant message(s), marked {@link TranscriptMessage#fromResponse()}
 * @param tools    the tools the request offered, in order
 * @param problem  null when both bodies were read whole; otherwise why the transcript is incomplete, e.g.
 *                 {@code "request body is not JSON"} or {@code "response body cut at the capture limit"}
 */
public record Transcript(String wireApi, List<TranscriptMessage> messages, List<TranscriptTool> tools,
        String problem) {

    public Transcript {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A transcript that could not be read at all. */
    public static Transcript unreadable(String wireApi, String problem) {
        return new Transcript(wireApi, List.of(), List.of(), problem);
    }

    /** True when both bodies were read whole. */
    public boolean complete() {
        return problem == null;
    }
}
