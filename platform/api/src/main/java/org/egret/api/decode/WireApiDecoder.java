package org.egret.api.decode;

import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Understands one LLM wire API (e.g. OpenAI Chat Completions). Registered as a service carrying the properties of
 * {@link WireApi}; pipelines bind every decoder dynamically, so a decoder bundle installed on a running appliance is
 * used for the next exchange. Implementations must be thread-safe and stateless across exchanges.
 */
@ConsumerType
public interface WireApiDecoder {

    /** The stored wire API name, e.g. {@code openai-chat}. */
    String wireApi();

    /**
     * How sure this decoder is that the request is its wire API: 0 = not mine, 100 = certain. Decided from the
     * request line, headers and, where needed, the body's shape. Must not throw.
     */
    int probe(HttpRequest request);

    /**
     * Builds the call record from a whole (or partial) exchange. The decoder fills the wire-specific fields; the
     * pipeline fills identity, network, HTTP and timing fields. A malformed or cut-off exchange yields a record
     * marked {@link LlmCall#setPartial partial} with what could be read; this method must not throw.
     */
    LlmCall decode(HttpExchange exchange);
}
