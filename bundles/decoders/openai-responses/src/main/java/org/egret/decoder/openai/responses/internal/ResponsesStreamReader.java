package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.egret.api.http.SseEvent;

/**
 * Folds the typed events of a Responses stream: the response objects of the lifecycle events, the output items with
 * their deltas, an {@code error} event. Remembers when model output first arrived and what could not be read.
 * One instance per stream: not thread-safe.
 */
final class ResponsesStreamReader {

    private final StreamEvent event = new StreamEvent();
    private final StreamedOutput output = new StreamedOutput();
    /** the last of response.created / .in_progress / .queued */
    private JsonNode started;
    /** the response of response.completed / .incomplete / .failed / .cancelled */
    private JsonNode finished;
    private JsonNode errorEvent;
    private int skipped;
    private long firstOutputMicros;

    void read(List<SseEvent> sse) {
        for (SseEvent e : sse) {
            if (e == null || e.data() == null) {
                continue;
            }
            String data = e.data().strip();
            if (data.isEmpty() || "[DONE]".equals(data)) {
                continue;
            }
            if (data.charAt(0) != '{') {
                skipped++;
                continue;
            }
            try {
                StreamEventReader.read(data, event);
            } catch (IOException | RuntimeException | StackOverflowError ex) {
                skipped++;
                continue;
            }
            if (event.type == null) {
                event.type = e.event();
            }
            if (event.type == null) {
                skipped++;
                continue;
            }
            if (apply(data) && firstOutputMicros == 0) {
                firstOutputMicros = e.timestampMicros();
            }
        }
    }

    /** @return true when the event carried model output: text, reasoning, refusal or tool-call argument text */
    private boolean apply(String data) {
        StreamEvent e = event;
        switch (e.type) {
            case "response.created", "response.in_progress", "response.queued" -> {
                if (e.response != null) {
                    started = e.response;
                }
            }
            case "response.completed", "response.incomplete", "response.failed", "response.cancelled" -> {
                if (e.response != null) {
                    finished = e.response;
                }
            }
            case "response.output_item.added" -> output.itemFor(e, true).added(e.item);
            case "response.output_item.done" -> {
                output.itemFor(e, false).done(e.item);
                // a server that streams no deltas delivers the output in the finished item
                return firstOutputMicros == 0 && carriesOutput(e.item);
            }
            case "response.content_part.added" -> output.itemFor(e, false).contentPartAdded(e.contentIndex, e.part);
            case "response.content_part.done" -> output.itemFor(e, false).contentPartDone(e.contentIndex, e.part);
            case "response.output_text.delta" -> {
                return contentDelta("output_text");
            }
            case "response.refusal.delta" -> {
                return contentDelta("refusal");
            }
            case "response.reasoning_text.delta" -> {
                return contentDelta("reasoning_text");
            }
            case "response.output_text.done" -> contentDone("output_text");
            case "response.refusal.done" -> contentDone("refusal");
            case "response.reasoning_text.done" -> contentDone("reasoning_text");
            case "response.reasoning_summary_part.added" ->
                    output.itemFor(e, false).summaryPartAdded(e.summaryIndex, e.part);
            case "response.reasoning_summary_part.done" ->
                    output.itemFor(e, false).summaryPartDone(e.summaryIndex, e.part);
            case "response.reasoning_summary_text.delta" -> {
                if (e.delta != null) {
                    output.itemFor(e, false).summaryDelta(e.summaryIndex, e.delta);
                    return !e.delta.isEmpty();
                }
            }
            case "response.reasoning_summary_text.done" -> {
                if (e.doneText != null) {
                    output.itemFor(e, false).summaryDone(e.summaryIndex, e.doneText);
                }
            }
            case "response.function_call_arguments.delta" -> {
                return argumentsDelta("arguments");
            }
            case "response.custom_tool_call_input.delta" -> {
                return argumentsDelta("input");
            }
            case "response.function_call_arguments.done" -> argumentsDone("arguments");
            case "response.custom_tool_call_input.done" -> argumentsDone("input");
            case "error" -> errorEvent = tree(data);
            default -> {
                // annotations, hosted-tool progress, audio: the finished items and response carry what matters
            }
        }
        return false;
    }

    private boolean contentDelta(String partType) {
        if (event.delta == null) {
            return false;
        }
        output.itemFor(event, false).contentDelta(event.contentIndex, partType, event.delta);
        return !event.delta.isEmpty();
    }

    private void contentDone(String partType) {
        if (event.doneText != null) {
            output.itemFor(event, false).contentDone(event.contentIndex, partType, event.doneText);
        }
    }

    private boolean argumentsDelta(String field) {
        if (event.delta == null) {
            return false;
        }
        output.itemFor(event, false).argumentsDelta(field, event.delta);
        return !event.delta.isEmpty();
    }

    private void argumentsDone(String field) {
        if (event.doneText != null) {
            output.itemFor(event, false).argumentsDone(field, event.doneText);
        }
    }

    /** A finished item with visible output: message text, a refusal, reasoning summary text, call arguments. */
    private static boolean carriesOutput(JsonNode item) {
        if (item == null) {
            return false;
        }
        for (JsonNode part : item.path("content")) {
            if (ResponsesJson.text(part.get("text")) != null || ResponsesJson.text(part.get("refusal")) != null) {
                return true;
            }
        }
        for (JsonNode part : item.path("summary")) {
            if (ResponsesJson.text(part.get("text")) != null) {
                return true;
            }
        }
        return ResponsesJson.text(item.get("arguments")) != null || ResponsesJson.text(item.get("input")) != null
                || (item.get("action") != null && item.get("action").isObject());
    }

    private static JsonNode tree(String data) {
        try {
            return ResponsesJson.MAPPER.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    /** The response of the final event, or null when the stream ended without one. */
    JsonNode finished() {
        return finished;
    }

    /** The last response object of a lifecycle event before the final one, or null. */
    JsonNode started() {
        return started;
    }

    JsonNode errorEvent() {
        return errorEvent;
    }

    boolean sawError() {
        return errorEvent != null;
    }

    StreamedOutput output() {
        return output;
    }

    /** Events whose data was not JSON, or broken JSON, or had no type. */
    int skipped() {
        return skipped;
    }

    /** Timestamp of the first event that carried model output, 0 if none did. */
    long firstOutputMicros() {
        return firstOutputMicros;
    }
}
