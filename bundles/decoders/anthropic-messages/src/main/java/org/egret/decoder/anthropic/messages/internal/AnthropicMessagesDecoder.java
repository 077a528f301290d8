package org.egret.decoder.anthropic.messages.internal;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApi;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Anthropic Messages, as spoken by Anthropic's API, Claude Code and the SDKs, proxies in front of them, and
 * Anthropic models behind Amazon Bedrock and Vertex AI: streaming and not, thinking, tool use, tool results,
 * prompt-cache usage, errors (also inside a 200 stream). Stateless; every worker thread shares the one instance.
 */
@Component(service = WireApiDecoder.class)
@WireApi(name = AnthropicMessagesDecoder.WIRE_API, paths = {MessagesRoute.MESSAGES_SUFFIX, MessagesRoute.BEDROCK_INVOKE,
        MessagesRoute.BEDROCK_INVOKE_STREAM, MessagesRoute.VERTEX_RAW_PREDICT, MessagesRoute.VERTEX_STREAM_RAW_PREDICT})
public final class AnthropicMessagesDecoder implements WireApiDecoder {

    /** Heron's name, kept: users' filters and stored rows depend on it. */
    static final String WIRE_API = "anthropic";

    @Override
    public String wireApi() {
        return WIRE_API;
    }

    @Override
    public int probe(HttpRequest request) {
        return MessagesRequestProbe.score(request);
    }

    @Override
    public LlmCall decode(HttpExchange exchange) {
        LlmCall call = new LlmCall().setWireApi(WIRE_API);
        List<String> problems = new ArrayList<>(2);
        try {
            if (exchange == null) {
                problems.add("no exchange");
            } else {
                new MessagesCallDecoding(exchange, call, problems).run();
            }
        } catch (RuntimeException | StackOverflowError e) {
            problems.add("decoder error: " + AnthropicJson.describe(e));
        }
        if (!problems.isEmpty()) {
            call.setPartial(true).setPartialReason(String.join("; ", problems));
        }
        return call;
    }
}
