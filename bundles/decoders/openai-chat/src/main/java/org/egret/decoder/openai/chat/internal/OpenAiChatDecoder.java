package org.egret.decoder.openai.chat.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApi;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.service.component.annotations.Component;

/**
 * OpenAI Chat Completions, as spoken by OpenAI, Azure OpenAI and the OpenAI-compatible servers (vLLM, SGLang,
 * Ollama {@code /v1}, llama.cpp, LM Studio, LiteLLM): streaming and not, tool calls, reasoning channels, errors.
 * Stateless; every worker thread shares the one instance.
 */
@Component(service = WireApiDecoder.class)
@WireApi(name = OpenAiChatDecoder.WIRE_API, paths = ChatPaths.CHAT_COMPLETIONS)
public final class OpenAiChatDecoder implements WireApiDecoder {

    static final String WIRE_API = "openai-chat";

    @Override
    public String wireApi() {
        return WIRE_API;
    }

    @Override
    public int probe(HttpRequest request) {
        return ChatRequestProbe.score(request);
    }

    @Override
    public LlmCall decode(HttpExchange exchange) {
        LlmCall call = new LlmCall().setWireApi(WIRE_API);
        List<String> problems = new ArrayList<>(2);
        try {
            if (exchange == null) {
                problems.add("no exchange");
            } else {
                new ChatCallDecoding(exchange, call, problems).run();
            }
        } catch (RuntimeException | StackOverflowError e) {
            problems.add("decoder error: " + ChatJson.describe(e));
        }
        if (!problems.isEmpty()) {
            call.setPartial(true).setPartialReason(String.join("; ", problems));
        }
        return call;
    }
}
