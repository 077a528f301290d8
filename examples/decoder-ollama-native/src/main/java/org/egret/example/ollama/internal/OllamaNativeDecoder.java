package org.egret.example.ollama.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApi;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Ollama's native API: {@code POST /api/chat} and {@code POST /api/generate}, streamed as NDJSON (Ollama's default)
 * or answered whole ({@code "stream": false}). Stateless; every worker thread shares the one instance.
 * <p>
 * The paths are this decoder's claims: a pipeline asks it first about requests on them, and asks it about other
 * requests only when no decoder that claims them is sure.
 */
@Component(service = WireApiDecoder.class)
@WireApi(name = OllamaNativeDecoder.WIRE_API, paths = {OllamaRoute.CHAT_PATH, OllamaRoute.GENERATE_PATH})
public final class OllamaNativeDecoder implements WireApiDecoder {

    static final String WIRE_API = "ollama-native";

    @Override
    public String wireApi() {
        return WIRE_API;
    }

    @Override
    public int probe(HttpRequest request) {
        return OllamaRequestProbe.score(request);
    }

    @Override
    public LlmCall decode(HttpExchange exchange) {
        LlmCall call = new LlmCall().setWireApi(WIRE_API);
        List<String> problems = new ArrayList<>(2);
        try {
            if (exchange == null) {
                problems.add("no exchange");
            } else {
                new OllamaCallDecoding(exchange, call, problems).run();
            }
        } catch (RuntimeException | StackOverflowError e) {
            // the contract is "never throw": whatever was filled before the failure is kept, marked partial
            problems.add("decoder error: " + OllamaJson.describe(e));
        }
        if (!problems.isEmpty()) {
            call.setPartial(true).setPartialReason(String.join("; ", problems));
        }
        return call;
    }
}
