package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ModelNames;
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
final class MessagesCallDecoding {

    /** Finish reasons of an answer that the client must act on before the loop goes on (the last two: proxies). */
    private static final Set<String> TOOL_USE_REASONS = Set.of("tool_use", "pause_turn", "tool_calls",
            "function_call");

    private final HttpExchange exchange;
    private final LlmCall call;
    private final List<String> problems;
    private MessagesRoute route = MessagesRoute.of(null);
    private String requestModel;
    private MessagesConversation conversation;
    /** what the response said, whole or streamed; null until it was read */
    private MessageAccumulator answer;

    MessagesCallDecoding(HttpExchange exchange, LlmCall call, List<String> problems) {
        this.exchange = exchange;
        this.call = call;
        this.problems = problems;
    }

    void run() {
        decode();
        call.setTurnFacts(conversation == null ? TurnFacts.UNKNOWN
                : conversation.turnFacts(answer == null ? null : answer.answerText(), terminal(),
                        answer == null ? null : answer.answerSignature()));
    }

    /**
     * Whether the answer ends the agent loop: a whole, successful answer that asks for no tool the client runs. Null
     * without one (no response, an HTTP error, a cut or damaged answer): an error ends nothing by itself.
     */
    private Boolean terminal() {
        HttpResponse response = exchange.response();
        String finish = call.getFinishReason();
        if (response == null || response.status() >= 400 || !problems.isEmpty() || finish == null) {
            return null;
        }
        // pause_turn: a server tool ran long and the client must send the conversation back to go on
        return call.getToolCalls().isEmpty() && !TOOL_USE_REASONS.contains(finish);
    }

    private void decode() {
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        MessagesRequest body = MessagesRequest.NOTHING;
        if (request != null) {
            route = MessagesRoute.of(request.target());
            body = MessagesRequest.of(request.body());
        }
        conversation = body.conversation();
        requestModel = body.model() != null ? body.model() : route.model();
        call.setRequestModel(requestModel).setModel(requestModel).setRequestTools(body.tools())
                .setToolResults(body.toolResults());

        if (response == null) {
            // Without a response, the request is all there is to say whether it streamed.
            call.setStream(body.stream() || route.stream());
            problems.add(exchange.problem() != null ? exchange.problem() : "no response seen");
            return;
        }
        List<SseEvent> events = response.events() != null ? response.events() : List.of();
        String bodyText = null;
        if (isBedrockStream(response)) {
            call.setStream(true);
            decodeBedrockStream(response);
        } else {
            if (events.isEmpty()) {
                bodyText = text(response.body());
                // Also an SSE body under a wrong content type (some proxies), recognised by its first field.
                if (bodyText != null && SseText.looksLikeEventStream(bodyText)) {
                    events = SseText.split(bodyText, 0);
                }
            }
            if (!events.isEmpty()) {
                call.setStream(true);
                decodeStream(events, response);
            } else if (response.isEventStream() && response.status() < 400
                    && !AnthropicJson.startsWithObject(response.body())) {
                call.setStream(true);
                problems.add("event stream carried no events");
            } else {
                // A JSON answer under an event-stream type is an error or a proxy's whole message: read it as one.
                decodeWhole(response, bodyText);
            }
        }

        if (exchange.problem() != null) {
            problems.add(exchange.problem());
        } else if (!response.complete()) {
            problems.add("response cut off before its end");
        }
    }

    /** Bedrock's binary stream: by its content type, or by its frames on the streaming route. */
    private boolean isBedrockStream(HttpResponse response) {
        if (response.status() >= 400) {
            return false;
        }
        String type = response.header("content-type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith(BedrockEventStream.CONTENT_TYPE)) {
            return true;
        }
        return route.kind() == MessagesRoute.Kind.BEDROCK && route.stream()
                && (response.events() == null || response.events().isEmpty())
                && BedrockEventStream.looksLikeEventStream(response.body());
    }

    private void decodeStream(List<SseEvent> events, HttpResponse response) {
        MessageAccumulator acc = new MessageAccumulator();
        answer = acc;
        MessagesStreamReader stream = new MessagesStreamReader(acc);
        try {
            stream.read(events);
        } finally {
            fillFrom(acc);
            call.setFirstTokenTime(stream.firstOutputMicros());
        }
        finishStream(stream, acc, response);
    }

    /**
     * Bedrock frames come in one body, not as timed events: a frame is dated by the packet that completed it, from
     * the body timeline the capture layer records.
     */
    private void decodeBedrockStream(HttpResponse response) {
        MessageAccumulator acc = new MessageAccumulator();
        answer = acc;
        MessagesStreamReader stream = new MessagesStreamReader(acc);
        byte[] body = response.body() != null ? response.body() : new byte[0];
        BedrockEventStream split = BedrockEventStream.split(body);
        try {
            for (BedrockFrame frame : split.frames()) {
                readFrame(frame, stream, acc, response.bodyTimeline().microsAt(frame.lastByte()));
            }
        } finally {
            fillFrom(acc);
            call.setFirstTokenTime(stream.firstOutputMicros());
        }
        if (split.problem() != null) {
            problems.add(split.problem());
        }
        finishStream(stream, acc, response);
    }

    private void readFrame(BedrockFrame frame, MessagesStreamReader stream, MessageAccumulator acc, long micros) {
        JsonNode payload;
        try {
            payload = AnthropicJson.MAPPER.readTree(frame.payload());
        } catch (IOException | RuntimeException e) {
            payload = null;
        }
        if (frame.isException()) {
            ObjectNode error = JsonNodeFactory.instance.objectNode();
            error.put("type", frame.exceptionType());
            JsonNode message = payload == null ? null : payload.has("message") ? payload.get("message")
                    : payload.get("Message");
            error.put("message", message != null && message.isTextual() ? message.textValue() : null);
            acc.error = error;
            stream.errorFrame();
            return;
        }
        JsonNode bytes = payload == null ? null : payload.get("bytes");
        if (bytes == null || !bytes.isTextual()) {
            stream.readFrame(frame.payload(), micros); // counted as skipped unless it is an event itself
            return;
        }
        byte[] event;
        try {
            event = Base64.getDecoder().decode(bytes.textValue());
        } catch (IllegalArgumentException e) {
            event = new byte[0];
        }
        stream.readFrame(event, micros);
    }

    private void finishStream(MessagesStreamReader stream, MessageAccumulator acc, HttpResponse response) {
        int status = response.status();
        if (stream.sawError() || status >= 400) {
            ErrorFields.apply(acc, true, response.header("x-amzn-ErrorType"), null, call);
        }
        if (stream.sawError()) {
            problems.add("stream ended with an error event");
        } else if (!stream.sawStop() && acc.stopReason == null) {
            problems.add("stream ended before message_stop");
        }
        if (stream.skipped() > 0) {
            problems.add(stream.skipped() + " event(s) without valid JSON data skipped");
        }
        if (stream.events() > 0) {
            try {
                call.setResponseBody(MessageJsonWriter.write(acc, call.getModel()));
            } catch (IOException | RuntimeException e) {
                problems.add("could not rebuild the response body: " + AnthropicJson.describe(e));
            }
        }
    }

    private void decodeWhole(HttpResponse response, String bodyText) {
        byte[] body = response.body();
        boolean failed = response.status() >= 400;
        call.setStream(false);
        if (bodyText == null || bodyText.isEmpty()) {
            if (!failed) {
                problems.add("response body is empty");
            }
            return;
        }
        call.setResponseBody(bodyText);
        MessageAccumulator acc = new MessageAccumulator();
        answer = acc;
        String truncated = response.bodyTruncated()
                ? "response body truncated after " + body.length + " of " + response.bodyLength() + " bytes"
                : null;
        try {
            WholeMessageReader.read(body, acc);
        } catch (IOException | RuntimeException e) {
            if (truncated == null && !failed) {
                problems.add("response body is not valid JSON: " + AnthropicJson.describe(e));
            }
        } finally {
            fillFrom(acc);
        }
        if (truncated != null) {
            problems.add(truncated);
        }
        ErrorFields.apply(acc, failed, response.header("x-amzn-ErrorType"), bodyText, call);
    }

    /** Copies what the accumulator holds into the call: served model, id, stop reason, usage, tool calls. */
    private void fillFrom(MessageAccumulator acc) {
        call.setModel(acc.model != null ? acc.model : requestModel).setResponseId(acc.id)
                .setFinishReason(acc.stopReason != null ? acc.stopReason : acc.foreignFinishReason)
                .setToolCalls(acc.toolCalls());
        if (requestModel != null && acc.model != null) {
            // Bedrock and Vertex name the model their own way; ModelNames compares them in Anthropic's form
            call.setModelSubstituted(ModelNames.isSubstitution(requestModel, acc.model));
        }
        UsageFields.apply(acc.effectiveUsage(), call);
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
