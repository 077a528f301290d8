package org.egret.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of every API route. A document kept beside the code
 * (not generated from it) so it can carry prose; {@code OpenApiDocumentTest} holds it to the router.
 */
@Component(name = OpenApiServlet.PID, service = Servlet.class)
@HttpWhiteboardServletPattern("/api/openapi.json")
@HttpWhiteboardServletName(OpenApiServlet.PID)
public final class OpenApiServlet extends HttpServlet {

    static final String PID = "org.egret.console.openapi";
    static final String RESOURCE = "openapi.json";
    private static final long serialVersionUID = 1L;

    /** Served behind the access filter like every other API path. */
    @Reference(target = AccessFilter.TARGET)
    private transient jakarta.servlet.Filter access;

    private final byte[] document = load();

    static byte[] load() {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the console bundle lacks its " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.setStatus(405);
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/json;charset=utf-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(document.length);
        if (!"HEAD".equals(method)) {
            resp.getOutputStream().write(document);
        }
    }
}
