package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an API route answers: HTTP status, extra headers and the Heron envelope
 * {@code {"code":…,"message":…,"data":…}}, or (downloads) a {@link Streamed} body of another content type.
 *
 * @param streamed null for an envelope; otherwise the body sent instead of it
 */
public record ApiResponse(int status, int code, String message, JsonBody data, Map<String, String> headers,
        Streamed streamed) {

    /**
     * A body that is not an envelope.
     *
     * @param contentType its media type, e.g. {@code application/x-ndjson}
     * @param body        writes it
     */
    public record Streamed(String contentType, StreamBody body) {
    }

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, int code, String message, JsonBody data, Map<String, String> headers) {
        this(status, code, message, data, headers, null);
    }

    /** A 200 answer whose body {@code body} writes in {@code contentType}. */
    public static ApiResponse stream(String contentType, StreamBody body) {
        return new ApiResponse(200, 0, "ok", JsonBody.EMPTY_OBJECT, Map.of(), new Streamed(contentType, body));
    }

    /** The body is a download saved as {@code filename} (reduced to letters, digits, {@code . _ -}). */
    public ApiResponse asAttachment(String filename) {
        return withHeader("Content-Disposition", "attachment; filename=\"" + safeFilename(filename) + "\"");
    }

    /**
     * A file name that needs no quoting or encoding in a header and cannot climb out of a download folder: captured
     * ids are untrusted.
     */
    static String safeFilename(String name) {
        StringBuilder b = new StringBuilder();
        String n = name == null ? "" : name;
        for (int i = 0; i < n.length() && b.length() < 120; i++) {
            char c = n.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && b.length() > 0);
            b.append(plain ? c : '_');
        }
        return b.length() == 0 ? "export" : b.toString();
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
        return new ApiResponse(status, code, message, data, h, streamed);
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
