package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an API route answers: HTTP status, extra headers and the Heron envelope
 * {@code {"code":…,"message":…,"data":…}}.
 */
public record ApiResponse(int status, int code, String message, JsonBody data, Map<String, String> headers) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(JsonBody data) {
        return new ApiResponse(200, 0, "ok", data, Map.of());
    }

    /** An error envelope; {@code data} is {@code {}} as in Heron. */
    public static ApiResponse error(int status, int code, String message) {
        return new ApiResponse(status, code, message, JsonBody.EMPTY_OBJECT, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, code, message, data, h);
    }

    public void writeEnvelope(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("code", code);
        g.writeStringField("message", message);
        g.writeFieldName("data");
        data.write(g);
        g.writeEndObject();
    }

    /** The whole envelope as UTF-8 JSON bytes. */
    public byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(out)) {
            writeEnvelope(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
