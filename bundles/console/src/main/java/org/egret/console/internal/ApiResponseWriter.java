package org.egret.console.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.egret.api.storage.StorageException;
import org.egret.console.internal.rest.ApiException;
import org.egret.console.internal.rest.ApiResponse;
import org.egret.console.internal.rest.JsonOutput;
import org.egret.console.internal.rest.StreamBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an {@link ApiResponse} to the servlet response with the headers every JSON route carries. A streamed body
 * (a download) that fails before anything is committed becomes a 500 envelope; once bytes are out, the failure is
 * rethrown so the container aborts the connection and the client sees a cut transfer, never a short file that looks
 * whole.
 */
final class ApiResponseWriter {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponseWriter.class);

    private ApiResponseWriter() {
    }

    /** @param head true for HEAD: status and headers only */
    static void write(ApiResponse r, HttpServletResponse resp, boolean head) throws IOException {
        if (r.streamed() != null) {
            writeStreamed(r, resp, head);
            return;
        }
        resp.setStatus(r.status());
        resp.setContentType(CONTENT_TYPE);
        setHeaders(r, resp);
        if (head) {
            return;
        }
        writeEnvelope(r, resp);
    }

    private static void writeStreamed(ApiResponse r, HttpServletResponse resp, boolean head) throws IOException {
        StreamBody body = r.streamed().body();
        try {
            resp.setStatus(r.status());
            resp.setContentType(r.streamed().contentType());
            setHeaders(r, resp);
            if (head) {
                return;
            }
            OutputStream out = resp.getOutputStream();
            try {
                body.writeTo(out);
                out.flush();
            } catch (IOException | StorageException | RuntimeException e) {
                if (resp.isCommitted()) {
                    LOG.warn("download cut after its first bytes: {}", e.toString());
                    throw e instanceof IOException io ? io : new IOException("download failed", e);
                }
                LOG.error("writing a download failed before anything was sent", e);
                resp.reset();
                ApiResponse failed = ApiResponse.error(500, ApiException.INTERNAL, "internal server error");
                write(failed, resp, false);
            }
        } finally {
            body.release();
        }
    }

    private static void setHeaders(ApiResponse r, HttpServletResponse resp) {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
    }

    private static void writeEnvelope(ApiResponse r, HttpServletResponse resp) throws IOException {
        OutputStream out = resp.getOutputStream();
        JsonGenerator g = JsonOutput.generator(out);
        try {
            r.writeEnvelope(g);
            g.flush();
        } catch (RuntimeException e) {
            // the generator is abandoned unflushed; an envelope is still possible while nothing was committed
            LOG.error("writing the API response failed", e);
            if (resp.isCommitted()) {
                throw e;
            }
            resp.resetBuffer();
            resp.setStatus(500);
            ApiResponse failed = ApiResponse.error(500, ApiException.INTERNAL, "internal server error");
            try (JsonGenerator g2 = JsonOutput.generator(out)) {
                failed.writeEnvelope(g2);
            }
        }
    }
}
