package org.egret.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The console page at {@code /}: static markup naming the version, and a script that lists pipelines from
 * {@code /api/health} using {@code textContent} only. No captured content is ever placed in markup, and a strict
 * Content-Security-Policy forbids inline script. Any other path below {@code /} that no other servlet claims is 404.
 */
@Component(name = ConsolePageServlet.PID, service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName(ConsolePageServlet.PID)
public final class ConsolePageServlet extends HttpServlet {

    static final String PID = "org.egret.console.page";
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final long serialVersionUID = 1L;

    private record Asset(String contentType, byte[] bytes) {
    }

    private transient volatile Map<String, Asset> assets;

    @Activate
    void activate(BundleContext context) {
        assets = assets(ConsoleRuntime.read(context, System.currentTimeMillis()).version());
    }

    /** The page with the version escaped into it, and its script and style sheet, by request path. */
    static Map<String, Asset> assets(String version) {
        byte[] page = resource("index.html").replace("{{version}}", escapeHtml(version))
                .getBytes(StandardCharsets.UTF_8);
        Asset html = new Asset("text/html; charset=utf-8", page);
        return Map.of(
                "/", html,
                "/index.html", html,
                "/console.js", new Asset("text/javascript; charset=utf-8",
                        resource("console.js").getBytes(StandardCharsets.UTF_8)),
                "/console.css", new Asset("text/css; charset=utf-8",
                        resource("console.css").getBytes(StandardCharsets.UTF_8)));
    }

    private static String resource(String name) {
        try (InputStream in = ConsolePageServlet.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console asset missing from the bundle: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        boolean head = "HEAD".equals(method);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (!head && !"GET".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            plain(resp, 405, "method not allowed\n", head);
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        Asset asset = assets.get(path.isEmpty() ? "/" : path);
        if (asset == null) {
            plain(resp, 404, "not found\n", head);
            return;
        }
        resp.setStatus(200);
        resp.setContentType(asset.contentType());
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(asset.bytes().length);
        if (!head) {
            resp.getOutputStream().write(asset.bytes());
        }
    }

    private static void plain(HttpServletResponse resp, int status, String text, boolean head) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(bytes.length);
        if (!head) {
            resp.getOutputStream().write(bytes);
        }
    }
}
