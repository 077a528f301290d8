package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.egret.api.http.SseText;

/**
 * Decodes one exchange into the wire fields of a call. Fields are set as soon as they are known, so a failure part
 * way leaves everything decoded before it; what made the call partial goes to {@code problems}.
 */
final class ResponsesCallDecoding {

    private final HttpExchange exchange;
    private final LlmCall call;
    private final List<String> problems;
    private ResponsesRequest req;
    /** the response object, whole or rebuilt from the stream; null until one was read */
    private JsonNode responseObject;

    ResponsesCallDecoding(HttpExchange exchange, LlmCall call, List<String> problems) {
        this.exchange = exchange;
        this.call = call;
        this.problems = problems;
    }

    void run() {
        decode();
        List<JsonNode> output = ResponseObjectFields.items(responseObject == null ? null : responseObject.get("output"));
        List<ToolCall> calls = call.getToolCalls();
        String signature = !calls.isEmpty() && calls.get(0).id() != null ? TurnFacts.canonicalToolId(calls.get(0).id())
                : TurnFacts.clip(OutputMessages.firstText(output), TurnFacts.TEXT_LIMIT);
        // prompt_cache_key is Codex's conversation id; other apps may key it per user or per prompt template, where
        // taking it for a session would merge unrelated ones
        String session = CodexClient.sent(exchange.request()) ? req.promptCacheKey : null;
        call.setTurnFacts(req.turnFacts(OutputMessages.text(output), terminal(), signature, session));
    }

    /**
     * Whether the response ends the agent loop: completed or incomplete, with no item asking for a tool the client
     * runs (the items counted as the call's tool calls). Null without a complete response (none, an HTTP error, a
     * failed or cancelled or cut one): an error ends nothing by itself.
     */
    private Boolean terminal() {
        HttpResponse response = exchange.response();
        String status = call.getFinishReason();
        if (response == null || response.status() >= 400 || !problems.isEmpty()
                || !("completed".equals(status) || "incomplete".equals(status))) {
            return null;
        }
        return call.getToolCalls().isEmpty();
    }

    private void decode() {
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        req = ResponsesRequest.of(request != null ? request.body() : null);
        String requestModel = req.model;
        call.setRequestModel(requestModel).setModel(requestModel);
        call.setRequestTools(List.copyOf(req.tools)).setToolResults(List.copyOf(req.toolResults));

        if (response == null) {
            call.setStream(req.stream);
            problems.add(exchange.problem() != null ? exchange.problem() : "no response seen");
            return;
        }
        List<SseEvent> events = response.events() != null ? response.events() : List.of();
        String bodyText = null;
        if (events.isEmpty()) {
            bodyText = text(response.body());
            // Also an event stream under a wrong content type (some proxies), recognised by its first field.
            if (bodyText != null && SseText.looksLikeEventStream(bodyText)) {
                events = SseText.split(bodyText, 0);
            }
        }
        if (!events.isEmpty()) {
            call.setStream(true);
            decodeStream(events, response.status(), requestModel);
        } else if (response.isEventStream() && response.status() < 400
                && !ResponsesJson.startsWithObject(response.body())) {
            call.setStream(true);
            problems.add("event stream carried no events");
        } else {
            // A JSON answer under an event-stream type is an error or a proxy's whole response: read it as one.
            decodeWhole(response, bodyText);
        }

        if (exchange.problem() != null) {
            problems.add(exchange.problem());
        } else if (!response.complete()) {
            problems.add("response cut off before its end");
        }
    }

    private void decodeStream(List<SseEvent> events, int status, String requestModel) {
        ResponsesStreamReader stream = new ResponsesStreamReader();
        try {
            stream.read(events);
        } finally {
            call.setFirstTokenTime(stream.firstOutputMicros());
        }
        ObjectNode body = StreamedResponseBody.of(stream, requestModel);
        responseObject = body;
        ResponseObjectFields.apply(body, requestModel, call);
        if (stream.finished() == null) {
            // a status read from response.created ("in_progress") is no finish reason
            call.setFinishReason(null);
        }
        if (stream.sawError()) {
            ErrorFields.fromErrorEvent(stream.errorEvent(), call);
        }
        if (status >= 400 && call.getErrorType() == null && call.getErrorMessage() == null) {
            call.setErrorMessage("HTTP " + status);
        }
        if (stream.finished() == null) {
            problems.add(stream.sawError() ? "stream ended with an error event before the response finished"
                    : "stream ended before response.completed");
        }
        if (stream.skipped() > 0) {
            problems.add(stream.skipped() + " event(s) without valid JSON data skipped");
        }
        if (body != null) {
            try {
                call.setResponseBody(ResponsesJson.MAPPER.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                problems.add("could not rebuild the response body: " + ResponsesJson.describe(e));
            }
        }
    }

    private void decodeWhole(HttpResponse response, String bodyText) {
        boolean failed = response.status() >= 400;
        call.setStream(false);
        if (bodyText == null || bodyText.isEmpty()) {
            if (failed) {
                call.setErrorMessage("HTTP " + response.status());
            } else {
                problems.add("response body is empty");
            }
            return;
        }
        call.setResponseBody(bodyText);
        LenientJsonObject json = LenientJsonObject.read(response.body());
        String truncated = response.bodyTruncated()
                ? "response body truncated after " + response.body().length + " of " + response.bodyLength()
                        + " bytes"
                : null;
        if (json.tree() == null) {
            if (!failed) {
                problems.add("response body is not JSON");
            }
        } else {
            responseObject = json.tree();
            ResponseObjectFields.apply(json.tree(), call.getRequestModel(), call);
            if (json.problem() != null && truncated == null && !failed) {
                problems.add("response body is not valid JSON: " + json.problem());
            }
        }
        if (truncated != null) {
            problems.add(truncated);
        }
        if (failed) {
            ErrorFields.fromBody(json.tree(), bodyText, call);
        }
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
