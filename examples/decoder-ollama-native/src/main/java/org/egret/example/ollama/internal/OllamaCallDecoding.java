package org.egret.example.ollama.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ModelNames;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpResponse;

/**
 * Decodes one exchange into the wire fields of a call. Fields are set as soon as they are known, so a failure part
 * way leaves everything decoded before it; what made the call partial goes to {@code problems}.
 * <p>
 * The first-token time is the time of the packet that completed the first NDJSON line with output, from the body
 * timeline the capture layer records for streams that are not SSE.
 */
final class OllamaCallDecoding {

    private final HttpExchange exchange;
    private final LlmCall call;
    private final List<String> problems;
    private OllamaAnswer answer;

    OllamaCallDecoding(HttpExchange exchange, LlmCall call, List<String> problems) {
        this.exchange = exchange;
        this.call = call;
        this.problems = problems;
    }

    void run() {
        OllamaRequest request = decode();
        if (request.turn() == null) {
            return; // the call keeps TurnFacts.UNKNOWN
        }
        String text = answer == null || answer.content.isEmpty() ? null : answer.content.toString();
        String signature = answer == null ? null : !answer.toolCalls.isEmpty()
                ? OllamaTurn.callSignature(answer.toolCalls.get(0)) : text;
        call.setTurnFacts(request.turn().turnFacts(text, terminal(), signature));
    }

    /** The answer ends the agent loop: complete ({@code done: true}), successful, no tool calls; null without one. */
    private Boolean terminal() {
        HttpResponse response = exchange.response();
        if (response == null || response.status() >= 400 || !problems.isEmpty() || answer == null
                || answer.last == null) {
            return null;
        }
        return answer.toolCalls.isEmpty();
    }

    private OllamaRequest decode() {
        OllamaRoute route = exchange.request() == null ? null : OllamaRoute.of(exchange.request().target());
        if (route == null) {
            route = OllamaRoute.CHAT; // chosen by body shape on another path: the chat shape is the common one
        }
        OllamaRequest request = OllamaRequest.of(exchange.request() == null ? null : exchange.request().body());
        call.setRequestModel(request.model()).setModel(request.model()).setStream(request.stream())
                .setRequestTools(request.tools()).setToolResults(request.toolResults());

        HttpResponse response = exchange.response();
        if (response == null) {
            problems.add(exchange.problem() != null ? exchange.problem() : "no response seen");
            return request;
        }
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            if (response.status() < 400) {
                problems.add("response body is empty");
            }
        } else {
            decodeBody(body, response, route, request.model());
        }
        if (response.bodyTruncated()) {
            problems.add("response body truncated after " + (body == null ? 0 : body.length) + " of "
                    + response.bodyLength() + " bytes");
        }
        if (exchange.problem() != null) {
            problems.add(exchange.problem());
        } else if (!response.complete()) {
            problems.add("response cut off before its end");
        }
        return request;
    }

    private void decodeBody(byte[] body, HttpResponse response, OllamaRoute route, String requestModel) {
        answer = new OllamaAnswer();
        OllamaResponseReader reader = new OllamaResponseReader(answer, route);
        boolean lines = reader.read(body, response.bodyTimeline());
        call.setFirstTokenTime(reader.firstOutputMicros());
        boolean stream = isNdjson(response.header("content-type")) || (lines && answer.objects > 1);
        call.setStream(stream);
        boolean failed = response.status() >= 400 || answer.error != null;

        if (answer.objects == 0) {
            if (!failed) {
                problems.add("response body is not JSON");
            }
            call.setErrorMessage(failed ? head(new String(body, StandardCharsets.UTF_8).strip()) : null);
            call.setResponseBody(new String(body, StandardCharsets.UTF_8));
            return;
        }
        String served = answer.model;
        call.setModel(served != null ? served : requestModel)
                .setModelSubstituted(ModelNames.isSubstitution(requestModel, served))
                .setToolCalls(answer.toToolCalls());
        if (answer.last != null) {
            call.setFinishReason(textOrNull(answer.last.get("done_reason")));
            if (answer.last.has("eval_count") || answer.last.has("prompt_eval_count")) {
                call.setServerKind("ollama"); // these names are Ollama's own
            }
        }
        UsageFields.apply(answer.last, call);
        if (answer.error != null) {
            applyError(answer.error);
        }
        // a stream is stored in the shape of the whole answer; a whole answer as it was sent
        call.setResponseBody(stream && answer.objects > 0 && answer.error == null
                ? OllamaBodyWriter.write(answer, route)
                : new String(body, StandardCharsets.UTF_8));

        if (reader.skipped() > 0) {
            problems.add(reader.skipped() + " line(s) without valid JSON skipped");
        }
        if (answer.error != null && response.status() < 400) {
            problems.add("stream ended with an error");
        } else if (!failed && answer.last == null) {
            problems.add(stream ? "stream ended before its done:true object" : "answer without done:true");
        }
    }

    /** Ollama's {@code {"error": "..."}}, or the OpenAI shape a proxy may answer with. */
    private void applyError(JsonNode error) {
        if (error.isTextual()) {
            call.setErrorMessage(head(error.textValue()));
        } else if (error.isObject()) {
            String type = textOrNull(error.get("code"));
            call.setErrorType(type != null ? type : textOrNull(error.get("type")))
                    .setErrorMessage(textOrNull(error.get("message")));
        }
    }

    private static boolean isNdjson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("ndjson");
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() || n.asText().isEmpty() ? null : n.asText();
    }

    /** The first 500 characters of an error text, never splitting a surrogate pair. */
    private static String head(String s) {
        if (s == null || s.length() <= 500) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(499)) ? 499 : 500);
    }
}
