package org.egret.decoder.gemini.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApi;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Gemini's {@code generateContent} and {@code streamGenerateContent}, as served by the Generative Language API (AI
 * Studio keys, Gemini CLI, the Google SDKs) and by Vertex AI's publisher models
 * ({@code …/publishers/google/models/{model}:generateContent}), which speak the same body format. Both are stored
 * under the one wire API name {@code gemini-aistudio} (Heron's), so a user's filter on Gemini traffic stays one term.
 * <p>
 * Model and streaming come from the URL. Streams come in two forms: SSE ({@code ?alt=sse}, one chunk per event,
 * merged per candidate index) and the JSON array of chunks sent without {@code alt=sse}, whose first token is dated
 * by the packet that completed its first element with output (the body timeline the capture layer records).
 * Either stream is rebuilt into one non-streaming {@code GenerateContentResponse}. See {@link UsageFields} for how usage maps onto the token fields. The finish
 * reason is the raw {@code candidates[0].finishReason} ({@code STOP} even when the answer is function calls: they
 * are on the call's tool calls), else {@code promptFeedback.blockReason}. An error chunk that ends a 200 stream
 * sets the error fields and makes the call partial, as the other decoders count a stream that an error event ends:
 * the answer stops part way. Stateless; every worker thread shares the one instance.
 */
@Component(service = WireApiDecoder.class)
@WireApi(name = GeminiDecoder.WIRE_API, paths = {GeminiRoute.GENERATE_CONTENT, GeminiRoute.STREAM_GENERATE_CONTENT})
public final class GeminiDecoder implements WireApiDecoder {

    static final String WIRE_API = "gemini-aistudio";

    @Override
    public String wireApi() {
        return WIRE_API;
    }

    @Override
    public int probe(HttpRequest request) {
        return GeminiRequestProbe.score(request);
    }

    @Override
    public LlmCall decode(HttpExchange exchange) {
        LlmCall call = new LlmCall().setWireApi(WIRE_API);
        List<String> problems = new ArrayList<>(2);
        try {
            if (exchange == null) {
                problems.add("no exchange");
            } else {
                new GeminiCallDecoding(exchange, call, problems).run();
            }
        } catch (RuntimeException | StackOverflowError e) {
            problems.add("decoder error: " + GeminiJson.describe(e));
        }
        if (!problems.isEmpty()) {
            call.setPartial(true).setPartialReason(String.join("; ", problems));
        }
        return call;
    }
}
