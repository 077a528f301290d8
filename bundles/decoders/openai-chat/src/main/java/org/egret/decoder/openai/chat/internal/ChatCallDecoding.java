package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ModelNames;
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
final class ChatCallDecoding {

    /** Finish reasons of an answer that asks the client to run tools. */
    private static final Set<String> TOOL_CALL_REASONS = Set.of("tool_calls", "function_call");

    private final HttpExchange exchange;
    private final LlmCall call;
    private final List<String> problems;
    /**
     * The model the request body names; an Azure deployment name from the path is not one (deployments are named
     * by their owners), so only this one is compared with the served model.
     */
    private String bodyModel;
    private ChatRequestHistory history;
    /** the answer's first choice; null until one was read */
    private ChoiceAccumulator answer;

    ChatCallDecoding(HttpExchange exchange, LlmCall call, List<String> problems) {
        this.exchange = exchange;
        this.call = call;
        this.problems = problems;
    }

    void run() {
        decode();
        String text = answer == null || answer.content == null ? null : answer.content.toString();
        List<ToolCall> calls = call.getToolCalls();
        String signature = !calls.isEmpty() && calls.get(0).id() != null ? TurnFacts.canonicalToolId(calls.get(0).id())
                : TurnFacts.clip(text, TurnFacts.TEXT_LIMIT);
        call.setTurnFacts(history.turnFacts(text, terminal(), signature));
    }

    /**
     * Whether the answer ends the agent loop: a whole, successful answer that asks for no tool call. Null without
     * one (no response, an HTTP error, a cut or damaged answer): an error ends nothing by itself.
     */
    private Boolean terminal() {
        HttpResponse response = exchange.response();
        String finish = call.getFinishReason();
        if (response == null || response.status() >= 400 || !problems.isEmpty() || finish == null) {
            return null;
        }
        return call.getToolCalls().isEmpty() && !TOOL_CALL_REASONS.contains(finish);
    }

    private void decode() {
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        history = ChatRequestHistory.of(request == null ? null : request.body());
        bodyModel = history.model;
        String requestModel = bodyModel;
        // Without a response the request's stream flag is all there is to say whether it streamed.
        boolean requestStream = history.stream;
        if (requestModel == null && request != null) {
            requestModel = ChatPaths.azureDeployment(ChatPaths.pathOf(request.target()));
        }
        call.setRequestModel(requestModel).setModel(requestModel).setRequestTools(List.copyOf(history.tools))
                .setToolResults(List.copyOf(history.toolResults));

        if (response == null) {
            call.setStream(requestStream);
            problems.add(exchange.problem() != null ? exchange.problem() : "no response seen");
            return;
        }
        List<SseEvent> events = response.events() != null ? response.events() : List.of();
        String bodyText = null;
        if (events.isEmpty()) {
            bodyText = text(response.body());
            // Also an SSE body under a wrong content type (some proxies), recognised by its first data: line.
            if (bodyText != null && SseText.looksLikeEventStream(bodyText)) {
                events = SseText.split(bodyText, 0);
            }
        }
        if (!events.isEmpty()) {
            call.setStream(true);
            decodeStream(events, response.status(), requestModel);
        } else if (response.isEventStream() && response.status() < 400 && !ChatJson.startsWithObject(response.body())) {
            call.setStream(true);
            problems.add("event stream carried no events");
        } else {
            // A JSON answer under an event-stream type is an error or a proxy's whole completion: read it as one.
            decodeWhole(response, bodyText, requestModel);
        }

        if (exchange.problem() != null) {
            problems.add(exchange.problem());
        } else if (!response.complete()) {
            problems.add("response cut off before its end");
        }
    }

    private void decodeStream(List<SseEvent> events, int status, String requestModel) {
        CompletionAccumulator acc = new CompletionAccumulator();
        ChatStreamReader stream = new ChatStreamReader(acc);
        try {
            stream.read(events);
        } finally {
            fillFrom(acc, requestModel);
            call.setFirstTokenTime(stream.firstOutputMicros());
        }
        if (stream.sawError() || status >= 400) {
            ErrorFields.apply(acc, true, null, call);
        }
        if (stream.sawError()) {
            problems.add("stream ended with an error event");
        } else if (!stream.sawDone() && !acc.anyFinishReason()) {
            problems.add("stream ended before [DONE]");
        }
        if (stream.skipped() > 0) {
            problems.add(stream.skipped() + " event(s) without valid JSON data skipped");
        }
        if (stream.chunks() > 0) {
            try {
                call.setResponseBody(CompletionJsonWriter.write(acc, call.getModel()));
            } catch (IOException e) {
                problems.add("could not rebuild the response body: " + ChatJson.describe(e));
            }
        }
    }

    private void decodeWhole(HttpResponse response, String bodyText, String requestModel) {
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
        CompletionAccumulator acc = new CompletionAccumulator();
        String truncated = response.bodyTruncated()
                ? "response body truncated after " + body.length + " of " + response.bodyLength() + " bytes"
                : null;
        if (ChatJson.startsWithObject(body)) {
            try (JsonParser p = ChatJson.FACTORY.createParser(body)) {
                new CompletionReader(acc, false).read(p);
            } catch (IOException | RuntimeException e) {
                if (truncated == null && !failed) {
                    problems.add("response body is not valid JSON: " + ChatJson.describe(e));
                }
            } finally {
                fillFrom(acc, requestModel);
            }
        } else if (!failed) {
            problems.add("response body is not JSON");
        }
        if (truncated != null) {
            problems.add(truncated);
        }
        ErrorFields.apply(acc, failed, bodyText, call);
    }

    /** Copies what the accumulator holds into the call: served model, id, finish reason, usage, tool calls. */
    private void fillFrom(CompletionAccumulator acc, String requestModel) {
        call.setModel(acc.model != null ? acc.model : requestModel).setResponseId(acc.id)
                .setModelSubstituted(ModelNames.isSubstitution(bodyModel, acc.model));
        ChoiceAccumulator first = acc.firstChoice();
        answer = first;
        if (first != null) {
            call.setFinishReason(first.finishReason).setToolCalls(first.toToolCalls());
        }
        UsageFields.apply(acc.usage, call);
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
