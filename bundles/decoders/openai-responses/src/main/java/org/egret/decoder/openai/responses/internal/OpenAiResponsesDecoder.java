package org.egret.decoder.openai.responses.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApi;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.service.component.annotations.Component;

/**
 * The OpenAI Responses API, as spoken by OpenAI, Azure OpenAI, the ChatGPT backend Codex CLI uses and the proxies
 * in front of them: streaming and not, reasoning items, function and custom tool calls, tool results, errors.
 * Stateless; every worker thread shares the one instance.
 */
@Component(service = WireApiDecoder.class)
@WireApi(name = OpenAiResponsesDecoder.WIRE_API, paths = ResponsesPaths.RESPONSES)
public final class OpenAiResponsesDecoder implements WireApiDecoder {

    static final String WIRE_API = "openai-responses";

    @Override
    public String wireApi() {
        return WIRE_API;
    }

    @Override
    public int probe(HttpRequest request) {
        return ResponsesRequestProbe.score(request);
    }

    @Override
    public LlmCall decode(HttpExchange exchange) {
        LlmCall call = new LlmCall().setWireApi(WIRE_API);
        List<String> problems = new ArrayList<>(2);
        try {
            if (exchange == null) {
                problems.add("no exchange");
            } else {
                new ResponsesCallDecoding(exchange, call, problems).run();
            }
        } catch (RuntimeException | StackOverflowError e) {
            problems.add("decoder error: " + ResponsesJson.describe(e));
        }
        if (!problems.isEmpty()) {
            call.setPartial(true).setPartialReason(String.join("; ", problems));
        }
        return call;
    }
}
