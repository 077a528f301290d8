package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ModelNames;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.egret.api.http.SseText;

/**
 * Decodes one exchange into the wire fields of a call. Fields are set as soon as they are known, so a failure part
 * way leaves everything decoded before it; what made the call partial goes to {@code problems}.
 */
final class GeminiCallDecoding {

    private final HttpExchange exchange;
    private final LlmCall call;
    private final List<String> problems;
    private GeminiRequestScan scan = GeminiRequestScan.of(null);
    /** the answer's first candidate; null until one was read */
    private CandidateAccumulator answer;

    GeminiCallDecoding(HttpExchange exchange, LlmCall call, List<String> problems) {
        this.exchange = exchange;
        this.call = call;
        this.problems = problems;
    }

    void run() {
        decode();
        call.setTurnFacts(scan.turnFacts(answer == null ? null : answer.answerText(), terminal(),
                answer == null ? null : answer.answerSignature()));
    }

    /**
     * Whether the answer ends the agent loop: a whole, successful answer without function calls. Gemini finishes with
     * {@code STOP} also when it calls functions, so the calls decide, not the finish reason. Null without a complete
     * answer (no response, an HTTP error, a cut or damaged one): an error ends nothing by itself.
     */
    private Boolean terminal() {
        HttpResponse response = exchange.response();
        if (response == null || response.status() >= 400 || !problems.isEmpty() || call.getFinishReason() == null) {
            return null;
        }
        return call.getToolCalls().isEmpty();
    }

    private void decode() {
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        GeminiRoute route = request != null ? GeminiRoute.of(request.target()) : GeminiRoute.of(null);
        String requestModel = route.model();
        if (request != null) {
            scan = GeminiRequestScan.of(request.body());
            if (requestModel == null) {
                requestModel = bare(scan.model());
            }
            call.setRequestTools(scan.requestTools()).setToolResults(scan.toolResults());
        }
        call.setRequestModel(requestModel).setModel(requestModel).setStream(route.kind() == GeminiRoute.Kind.STREAM);

        if (response == null) {
            problems.add(exchange.problem() != null ? exchange.problem() : "no response seen");
            return;
        }
        List<SseEvent> events = response.events() != null ? response.events() : List.of();
        byte[] body = response.body();
        String bodyText = null;
        if (events.isEmpty()) {
            bodyText = text(body);
            // an SSE body under a wrong content type (some proxies), recognised by its first data: line
            if (bodyText != null && SseText.looksLikeEventStream(bodyText)) {
                events = SseText.split(bodyText, 0);
            }
        }
        ResponseAccumulator acc = new ResponseAccumulator();
        boolean failed = response.status() >= 400;
        if (!events.isEmpty()) {
            call.setStream(true);
            decodeSse(events, acc, failed);
        } else if (GeminiJson.firstByte(body) == '[') {
            call.setStream(true);
            decodeArray(response, acc, bodyText, failed);
        } else if (response.isEventStream() && !failed && !GeminiJson.startsWithObject(body)) {
            call.setStream(true);
            problems.add("event stream carried no events");
        } else {
            decodeWhole(response, acc, bodyText, failed);
        }
        fillFrom(acc, requestModel);
        ErrorFields.apply(acc.error, failed, bodyText, call);

        if (exchange.problem() != null) {
            problems.add(exchange.problem());
        } else if (!response.complete()) {
            problems.add("response cut off before its end");
        }
    }

    /**
     * A 200 stream that an error chunk ends has only part of the answer, as every decoder of this appliance
     * counts it: the error fields say why, and the call is partial. One that stops without a finish reason, an
     * error or a block is cut off.
     */
    private void endOfStream(ResponseAccumulator acc, boolean failed) {
        if (failed) {
            return;
        }
        if (acc.error != null) {
            problems.add("stream ended with an error chunk");
        } else if (!acc.anyFinishReason() && acc.blockReason() == null) {
            problems.add("stream ended without a finishReason");
        }
    }

    private void decodeSse(List<SseEvent> events, ResponseAccumulator acc, boolean failed) {
        SseStreamReader reader = new SseStreamReader(acc);
        reader.read(events);
        call.setFirstTokenTime(reader.firstOutputMicros());
        if (reader.skipped() > 0) {
            problems.add(reader.skipped() + " event(s) without valid JSON data skipped");
        }
        endOfStream(acc, failed);
        rebuildBody(acc);
    }

    private void decodeArray(HttpResponse response, ResponseAccumulator acc, String bodyText, boolean failed) {
        JsonArrayStreamReader reader = new JsonArrayStreamReader(acc);
        reader.read(response.body(), response.bodyTimeline());
        call.setFirstTokenTime(reader.firstOutputMicros());
        if (!reader.closed()) {
            String why = response.bodyTruncated()
                    ? "response body truncated after " + response.body().length + " of " + response.bodyLength()
                            + " bytes"
                    : reader.damage() != null ? reader.damage() : "array not closed";
            problems.add("JSON-array stream cut off after " + reader.elements() + " complete element(s): " + why);
        } else {
            endOfStream(acc, failed);
        }
        if (failed) {
            call.setResponseBody(bodyText);
        } else {
            rebuildBody(acc);
        }
    }

    private void decodeWhole(HttpResponse response, ResponseAccumulator acc, String bodyText, boolean failed) {
        byte[] body = response.body();
        if (bodyText == null || bodyText.isEmpty()) {
            if (!failed) {
                problems.add("response body is empty");
            }
            return;
        }
        call.setResponseBody(bodyText);
        String truncated = response.bodyTruncated()
                ? "response body truncated after " + body.length + " of " + response.bodyLength() + " bytes"
                : null;
        if (GeminiJson.startsWithObject(body)) {
            ResponseChunk chunk = new ResponseChunk();
            try (JsonParser p = GeminiJson.FACTORY.createParser(body)) {
                p.nextToken();
                ChunkReader.readObject(p, chunk);
                if (p.currentToken() != JsonToken.END_OBJECT && truncated == null && !failed) {
                    problems.add("response body is not valid JSON: it ends early");
                }
            } catch (IOException | RuntimeException e) {
                if (truncated == null && !failed) {
                    problems.add("response body is not valid JSON: " + GeminiJson.describe(e));
                }
            } finally {
                // a body broken off part way keeps what it carried
                acc.apply(chunk);
            }
        } else if (!failed) {
            problems.add("response body is not JSON");
        }
        if (truncated != null) {
            problems.add(truncated);
        }
    }

    private void rebuildBody(ResponseAccumulator acc) {
        if (acc.chunks == 0) {
            return;
        }
        try {
            call.setResponseBody(ResponseJsonWriter.write(acc));
        } catch (IOException | RuntimeException e) {
            problems.add("could not rebuild the response body: " + GeminiJson.describe(e));
        }
    }

    /** Copies what the accumulator holds into the call: served model, id, finish reason, usage, tool calls. */
    private void fillFrom(ResponseAccumulator acc, String requestModel) {
        String served = bare(acc.servedModel());
        call.setModel(served != null ? served : requestModel).setResponseId(acc.responseId);
        if (served != null && requestModel != null) {
            call.setModelSubstituted(ModelNames.isSubstitution(requestModel, served));
        }
        CandidateAccumulator first = acc.firstCandidate();
        answer = first;
        String finish = first != null ? first.finishReason : null;
        if (finish == null) {
            // a refused prompt has no candidate: the block reason is what ended the call
            finish = acc.blockReason();
        }
        call.setFinishReason(finish);
        if (first != null) {
            call.setToolCalls(first.toolCalls());
        }
        UsageFields.apply(acc.usageMetadata, acc.foreignUsage, call);
    }

    /** {@code models/gemini-2.5-flash} (how some answers and proxies name it) as {@code gemini-2.5-flash}. */
    private static String bare(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
