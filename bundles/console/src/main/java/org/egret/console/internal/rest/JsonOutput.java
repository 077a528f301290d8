package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.egret.api.http.HttpHeader;

/** The JSON factory of the API and the few value encodings shared by every route. */
public final class JsonOutput {

    /**
     * Captured content is untrusted: {@code < > &} and the JavaScript line separators are written as {@code \\uXXXX}
     * so no response body can ever be sniffed or embedded as markup, even by a misbehaving client.
     */
    static final class MarkupSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString LS = new SerializedString("\\u2028");
        private static final SerializedString PS = new SerializedString("\\u2029");
        private final int[] ascii;

        MarkupSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    }

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new MarkupSafeEscapes())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonOutput() {
    }

    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** Heron's header encoding: a JSON string holding {@code [[name,value],…]}. */
    static String headersJson(List<HttpHeader> headers) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartArray();
            if (headers != null) {
                for (HttpHeader h : headers) {
                    g.writeStartArray();
                    g.writeString(h.name());
                    g.writeString(h.value());
                    g.writeEndArray();
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Epoch microseconds (0 = unknown) as epoch milliseconds, or null. */
    static Long millisOrNull(long micros) {
        return micros == 0 ? null : Math.floorDiv(micros, 1000L);
    }

    static void numberOrNull(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }

    static void numberOrNull(JsonGenerator g, String name, Integer value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.intValue());
        }
    }

    static void numberOrNull(JsonGenerator g, String name, Double value) throws IOException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.doubleValue());
        }
    }

    /** HTTP status 0 means "no response seen": Heron serves that as null. */
    static void statusOrNull(JsonGenerator g, String name, int status) throws IOException {
        if (status == 0) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, status);
        }
    }

    static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static void emptyArray(JsonGenerator g, String name) throws IOException {
        g.writeArrayFieldStart(name);
        g.writeEndArray();
    }
}
