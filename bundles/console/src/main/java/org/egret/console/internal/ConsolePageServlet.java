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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The web console: the single-page app built from {@code frontend/} into the bundle's {@code static/}. Hashed files
 * under {@code /assets/} are cached for a year; every other path that no other servlet claims is the app's
 * {@code index.html} (uncached), whose router draws the page. The app never renders captured content as markup, and
 * a strict Content-Security-Policy forbids inline script and style and any foreign origin.
 */
@Component(name = ConsolePageServlet.PID, service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName(ConsolePageServlet.PID)
public final class ConsolePageServlet extends HttpServlet {

    static final String PID = "org.egret.console.page";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final long serialVersionUID = 1L;
    private static final String ASSETS = "/assets/";
    /** One file name: Vite's hashed names are letters, digits, dot, dash and underscore; nothing else is served. */
    private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private record Asset(String contentType, byte[] bytes) {
    }

    private transient volatile Asset index;
    /** Assets read so far, by file name; only names that exist are kept, so it holds at most the built set. */
    private final transient Map<String, Asset> assets = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        index = new Asset(CONTENT_TYPES.get("html"), resource("index.html")
                .orElseThrow(() -> new IllegalStateException("console build missing from the bundle: static/index.html")));
    }

    private static Optional<byte[]> resource(String name) {
        try (InputStream in = ConsolePageServlet.class.getResourceAsStream("/static/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content type of a file name by its extension; unknown ones are opaque bytes. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private Asset asset(String name) {
        if (!ASSET_NAME.matcher(name).matches() || name.contains("..")) {
            return null;
        }
        Asset known = assets.get(name);
        if (known != null) {
            return known;
        }
        return resource("assets/" + name).map(b -> {
            Asset a = new Asset(contentType(name), b);
            assets.put(name, a);
            return a;
        }).orElse(null);
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
        if (path.startsWith(ASSETS)) {
            Asset a = asset(path.substring(ASSETS.length()));
            if (a == null) {
                plain(resp, 404, "not found\n", head);
            } else {
                send(resp, a, IMMUTABLE, head);
            }
            return;
        }
        // the API and the Prometheus endpoint have servlets of their own; a path of theirs reaching here is unknown
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics") || path.startsWith("/metrics/")
                || path.equals("/assets")) {
            plain(resp, 404, "not found\n", head);
            return;
        }
        send(resp, index, "no-cache", head);
    }

    private static void send(HttpServletResponse resp, Asset a, String cacheControl, boolean head) throws IOException {
        resp.setStatus(200);
        resp.setContentType(a.contentType());
        resp.setHeader("Cache-Control", cacheControl);
        resp.setContentLength(a.bytes().length);
        if (!head) {
            resp.getOutputStream().write(a.bytes());
        }
    }

    private static void plain(HttpServletResponse resp, int status, String text, boolean head) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        if (!head) {
            resp.getOutputStream().write(bytes);
        }
    }
}
