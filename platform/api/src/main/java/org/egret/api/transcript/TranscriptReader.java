package org.egret.api.transcript;

import org.egret.api.decode.LlmCall;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads the stored bodies of one wire API's calls as a {@link Transcript}. Registered as a service with the property
 * {@value #WIRE_API_PROPERTY} naming the wire API (e.g. {@code openai-chat}), by the bundle that decodes that wire API.
 * Implementations are thread-safe and stateless. Captured bodies are untrusted: a reader never throws on them.
 */
@ConsumerType
public interface TranscriptReader {

    /** Service property: the wire API this reader understands. */
    String WIRE_API_PROPERTY = "egret.wireapi.name";

    /** The wire API name, e.g. {@code openai-chat}. */
    String wireApi();

    /**
     * The call's conversation: the request's messages in order, then the message(s) of the response. A body that is
     * missing, cut at the capture limit or not the expected JSON yields what could be read, with
     * {@link Transcript#problem()} saying what was wrong; never an exception.
     */
    Transcript read(LlmCall call);
}
