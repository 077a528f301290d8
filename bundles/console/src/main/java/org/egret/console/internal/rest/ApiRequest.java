package org.egret.console.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * One API request as a route sees it: method, path below {@code /api}, raw query and a body that is read only when a
 * route asks for it, bounded, so a route that does not exist (405) never reads one.
 */
public final class ApiRequest {

    /** The largest request body any route accepts. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Opens the request body; called at most once. */
    @FunctionalInterface
    public interface BodySource {
        InputStream open() throws IOException;
    }

    private final String method;
    private final String path;
    private final String query;
    private final String contentType;
    private final BodySource body;

    public ApiRequest(String method, String path, String query, String contentType, BodySource body) {
        this.method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.query = query;
        this.contentType = contentType;
        this.body = body;
    }

    /** A GET without body. */
    public static ApiRequest get(String path, String query) {
        return new ApiRequest("GET", path, query, null, null);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    /** GET or HEAD: answered from the same route. */
    public boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * The body, which must be JSON.
     *
     * @throws ApiException 415 unless the content type is {@code application/json}, 413 beyond
     *                      {@link #MAX_BODY_BYTES}, 400 when it cannot be read
     */
    public byte[] jsonBody() throws ApiException {
        if (!isJson(contentType)) {
            throw ApiException.unsupportedMediaType("the request body must be JSON: Content-Type application/json");
        }
        if (body == null) {
            throw ApiException.invalidParameter("the request has no body");
        }
        try (InputStream in = body.open()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiException.payloadTooLarge("the request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.invalidParameter("the request body could not be read");
        }
    }

    /** {@code application/json}, with or without parameters such as {@code charset}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi >= 0 ? contentType.substring(0, semi) : contentType).strip();
        return type.equalsIgnoreCase("application/json");
    }
}
