package org.egret.decoder.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level shape of a request body, for probing off the Gemini routes: one streaming pass over the top level
 * that skips every value's insides. A truncated or broken body yields what was read before the damage.
 *
 * @param contentsNonEmpty {@code contents} is an array with at least one element
 * @param otherApiKeys     a {@code messages} or {@code input} field is present (OpenAI, Anthropic)
 */
record GeminiRequestShape(boolean contentsNonEmpty, boolean otherApiKeys) {

    private static final GeminiRequestShape NOTHING = new GeminiRequestShape(false, false);

    boolean looksLikeGemini() {
        return contentsNonEmpty && !otherApiKeys;
    }

    static GeminiRequestShape of(byte[] body) {
        if (!GeminiJson.startsWithObject(body)) {
            return NOTHING;
        }
        boolean contents = false;
        boolean other = false;
        try (JsonParser p = GeminiJson.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOTHING;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("contents".equals(field) && value == JsonToken.START_ARRAY) {
                    JsonToken first = p.nextToken();
                    contents = first != null && first != JsonToken.END_ARRAY;
                    if (contents) {
                        skipRestOfArray(p);
                    }
                } else {
                    other |= "messages".equals(field) || "input".equals(field);
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A cut-off or damaged body: what was read before the damage still counts.
        }
        return new GeminiRequestShape(contents, other);
    }

    /** Called on the first element of an array: skips it and every following element, then the closing bracket. */
    private static void skipRestOfArray(JsonParser p) throws IOException {
        p.skipChildren();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return;
            }
            p.skipChildren();
        }
    }
}
