package org.egret.console.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.egret.console.internal.access.AccessToken;
import org.egret.console.internal.access.Authority;
import org.egret.console.internal.access.BrowserSessions;
import org.egret.console.internal.access.FailedAttempts;
import org.egret.console.internal.rest.ApiException;
import org.egret.console.internal.rest.ApiResponse;
import org.egret.console.internal.rest.JsonBody;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the API and {@code /metrics}. In front of every path: a request that arrived on a loopback address must
 * name a loopback Host (DNS rebinding), an Origin must name the Host, and a method other than GET, HEAD and OPTIONS
 * must carry JSON (a form cannot post it cross-site). With an access token configured, {@code /api/*} and
 * {@code /metrics} need {@code Authorization: Bearer <token>} or the session cookie that {@code /api/auth/session}
 * hands out; the console's own assets stay public so it can show its sign-in form. No token and a connection from
 * beyond loopback: refused. Never sends CORS headers. Exists only while its configuration does, and the API and
 * metrics servlets require it, so they are never served unguarded.
 */
@Component(name = AccessFilter.PID, service = Filter.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName(AccessFilter.PID)
@HttpWhiteboardFilterAsyncSupported
@Designate(ocd = AccessFilter.Config.class)
public final class AccessFilter implements Filter {

    public static final String PID = "org.egret.console.access";
    /** What a servlet's mandatory reference to this filter selects. */
    static final String TARGET = "(component.name=" + PID + ")";
    static final String SESSION_PATH = "/api/auth/session";
    static final String COOKIE = "egret_session";
    /** The HTTP service's host, as the launcher sets it. */
    static final String HTTP_HOST_PROPERTY = "org.apache.felix.http.host";
    static final int MAX_BODY_BYTES = 4096;

    // envelope codes of the refusals, beside Heron's 1001/2001/5001
    static final int UNAUTHORIZED = 4001;
    static final int FORBIDDEN = 4003;
    static final int UNSUPPORTED_MEDIA_TYPE = 4015;
    static final int TOO_MANY_ATTEMPTS = 4029;

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
    private static final JsonFactory JSON = new JsonFactory();

    @ObjectClassDefinition(id = PID, name = "Egret console access",
            description = "Who may use the REST API and /metrics. The token is kept only as its SHA-256; "
                    + "properties starting with '.' are never published as service properties.")
    @interface Config {
        @AttributeDefinition(name = "Access token SHA-256", type = AttributeType.PASSWORD,
                description = "Hex SHA-256 of the access token (what the launcher writes). Empty: no token.")
        String _token__sha256() default "";

        @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD,
                description = "The access token itself, hashed at once; ignored when a SHA-256 is given.")
        String _token() default "";

        @AttributeDefinition(name = "Bind address", description = "Where the console listens, as the launcher "
                + "checked it; empty: the framework property org.apache.felix.http.host (none: every interface)")
        String bind() default "";

        @AttributeDefinition(name = "Session hours", description = "How long a console sign-in lasts")
        int session__hours() default 12;
    }

    /**
     * What the configuration allows; replaced whole on a change, which also signs every browser out.
     *
     * @param token null: none configured
     * @param unreadable the configured token could not be read: everyone is refused rather than no one
     */
    private record Policy(AccessToken token, boolean unreadable, boolean loopbackBind, BrowserSessions sessions) {
        boolean required() {
            return token != null || unreadable;
        }
    }

    private final LongSupplier clock;
    private final FailedAttempts failures;
    private volatile Policy policy;

    public AccessFilter() {
        this(System::currentTimeMillis);
    }

    AccessFilter(LongSupplier clock) {
        this.clock = clock;
        this.failures = new FailedAttempts(clock);
    }

    @Activate
    @Modified
    void activate(BundleContext context, Config c) {
        String bind = c.bind().isBlank() ? context.getProperty(HTTP_HOST_PROPERTY) : c.bind();
        configure(c._token__sha256(), c._token(), bind, c.session__hours());
    }

    /** The policy from configuration values. */
    void configure(String tokenSha256, String token, String bind, int sessionHours) {
        String where = bind == null || bind.isBlank() ? "0.0.0.0" : bind.trim();
        AccessToken t = null;
        boolean unreadable = false;
        if (tokenSha256 != null && !tokenSha256.isBlank()) {
            try {
                t = AccessToken.ofSha256Hex(tokenSha256);
            } catch (IllegalArgumentException e) {
                LOG.error("configuration {}: .token_sha256 is not 64 hexadecimal digits; the API refuses every "
                        + "request until it is fixed", PID);
                unreadable = true;
            }
            if (t != null && token != null && !token.isEmpty() && !t.matches(token)) {
                LOG.warn("configuration {}: .token and .token_sha256 name different tokens; .token_sha256 is used",
                        PID);
            }
        } else if (token != null && !token.isEmpty()) {
            t = AccessToken.of(token);
            if (token.length() < 16) {
                LOG.warn("configuration {}: the access token is shorter than 16 characters", PID);
            }
        }
        int hours = sessionHours < 1 ? 12 : Math.min(sessionHours, 24 * 30);
        boolean loopback = Authority.isLoopbackBind(where);
        policy = new Policy(t, unreadable, loopback, new BrowserSessions(hours * 3_600_000L, clock));
        if (t == null && !unreadable && !loopback) {
            LOG.error("the console listens on {} without an access token: the API refuses every request; set one "
                    + "(egret --token-file FILE, or EGRET_API_TOKEN)", where);
        }
        LOG.info("console access: {}, bound to {}", t == null ? "no access token (loopback only)"
                : "access token required", where);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        ApiResponse refusal = refusal(req);
        if (refusal != null) {
            ApiResponseWriter.write(refusal, resp, "HEAD".equals(req.getMethod()));
            return;
        }
        chain.doFilter(req, resp);
    }

    /** Null when the request goes on to its servlet; else what it is answered instead. */
    private ApiResponse refusal(HttpServletRequest req) throws IOException {
        Policy p = policy;
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        boolean loopbackConnection = Authority.isLoopbackIp(req.getLocalAddr());
        String hostHeader = req.getHeader("Host");
        Authority host = Authority.parseHost(hostHeader);
        if (hostHeader != null && host == null) {
            return ApiResponse.error(400, ApiException.INVALID_PARAMETER, "malformed Host header");
        }
        if (loopbackConnection && host != null && !host.isLoopback()) {
            return ApiResponse.error(403, FORBIDDEN, "this console answers only to a loopback host name such as "
                    + "127.0.0.1 or localhost (a foreign Host is how DNS rebinding reaches it)");
        }
        String originHeader = req.getHeader("Origin");
        if (originHeader != null) {
            Authority origin = Authority.parseOrigin(originHeader);
            if (origin == null || host == null || !origin.sameServerAs(host)) {
                return ApiResponse.error(403, FORBIDDEN, "cross-origin requests are not allowed");
            }
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS") && !isJson(req)) {
            return ApiResponse.error(415, UNSUPPORTED_MEDIA_TYPE,
                    method + " requests must carry Content-Type: application/json");
        }
        String path = path(req);
        if (path.equals(SESSION_PATH)) {
            return session(req, method, p, p.loopbackBind() && loopbackConnection);
        }
        if (!guarded(path)) {
            return null;
        }
        if (!p.required() && adminConsole(path)) {
            return ApiResponse.error(403, FORBIDDEN, "an admin console is served only behind an access token "
                    + "(its own password may be a default one); start egret with --token-file");
        }
        if (!p.required()) {
            return p.loopbackBind() && loopbackConnection ? null : ApiResponse.error(403, FORBIDDEN,
                    "the API is not served beyond loopback without an access token; start egret with --token-file");
        }
        if (p.unreadable()) {
            return ApiResponse.error(403, FORBIDDEN, "the access token configuration is unreadable (see the log)");
        }
        Access a = access(req, p);
        return switch (a) {
            case GRANTED -> null;
            case LOCKED -> locked(req);
            case WRONG -> ApiResponse.error(401, UNAUTHORIZED, "wrong access token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"egret\", error=\"invalid_token\"");
            case NONE -> ApiResponse.error(401, UNAUTHORIZED,
                    "an access token is required: send Authorization: Bearer <token> or sign in")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"egret\"");
        };
    }

    private enum Access { GRANTED, NONE, WRONG, LOCKED }

    /** A bearer token is checked first (and counted when wrong); else the session cookie. */
    private Access access(HttpServletRequest req, Policy p) {
        String bearer = bearer(req);
        if (bearer != null) {
            return checkToken(req, p, bearer);
        }
        for (String id : cookies(req)) {
            if (p.sessions().valid(id)) {
                return Access.GRANTED;
            }
        }
        return Access.NONE;
    }

    private Access checkToken(HttpServletRequest req, Policy p, String presented) {
        String address = String.valueOf(req.getRemoteAddr());
        if (failures.retryAfterSeconds(address) > 0) {
            return Access.LOCKED; // not even a right token is looked at, or a lockout would still answer guesses
        }
        if (p.token().matches(presented)) {
            failures.succeeded(address);
            return Access.GRANTED;
        }
        failures.failed(address);
        if (failures.retryAfterSeconds(address) > 0) {
            LOG.warn("{} wrong access tokens from {} within a minute: refusing its tokens for a minute",
                    FailedAttempts.LIMIT, address);
        }
        return Access.WRONG;
    }

    private ApiResponse locked(HttpServletRequest req) {
        long seconds = failures.retryAfterSeconds(String.valueOf(req.getRemoteAddr()));
        return ApiResponse.error(429, TOO_MANY_ATTEMPTS, "too many wrong access tokens; try again in "
                + seconds + " s").withHeader("Retry-After", Long.toString(Math.max(1, seconds)));
    }

    /** {@code /api/auth/session}: GET tells whether a token is needed and given, POST signs in, DELETE out. */
    /** @param loopback without a token, the API is served: the bind and this connection are loopback */
    private ApiResponse session(HttpServletRequest req, String method, Policy p, boolean loopback)
            throws IOException {
        switch (method) {
            case "GET", "HEAD" -> {
                if (!p.required()) {
                    return sessionState(loopback, false);
                }
                Access a = p.unreadable() ? Access.NONE : access(req, p);
                return a == Access.LOCKED ? locked(req) : sessionState(a == Access.GRANTED, true);
            }
            case "POST" -> {
                String token = tokenOf(req);
                if (token == null) {
                    return ApiResponse.error(400, ApiException.INVALID_PARAMETER,
                            "the body must be a JSON object with a string member \"token\"");
                }
                if (!p.required()) {
                    return sessionState(loopback, false);
                }
                Access a = p.unreadable() ? Access.WRONG : checkToken(req, p, token);
                return switch (a) {
                    case GRANTED -> sessionState(true, true).withHeader("Set-Cookie",
                            cookie(p.sessions().open(), p.sessions().lifetimeMillis() / 1000, req.isSecure()));
                    case LOCKED -> locked(req);
                    default -> ApiResponse.error(401, UNAUTHORIZED, "wrong access token");
                };
            }
            case "DELETE" -> {
                for (String id : cookies(req)) {
                    p.sessions().close(id);
                }
                return sessionState(!p.required() && loopback, p.required())
                        .withHeader("Set-Cookie", cookie("", 0, req.isSecure()));
            }
            default -> {
                return ApiResponse.error(405, ApiException.INVALID_PARAMETER, "method not allowed")
                        .withHeader("Allow", "GET, HEAD, POST, DELETE");
            }
        }
    }

    private static ApiResponse sessionState(boolean authenticated, boolean required) {
        JsonBody body = g -> {
            g.writeStartObject();
            g.writeBooleanField("authenticated", authenticated);
            g.writeBooleanField("required", required);
            g.writeEndObject();
        };
        return ApiResponse.ok(body);
    }

    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The {@code token} member of a small JSON object body, or null when the body is anything else. */
    private static String tokenOf(HttpServletRequest req) throws IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        String token = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("token") && value == JsonToken.VALUE_STRING) {
                    token = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        return token;
    }

    private static boolean isJson(HttpServletRequest req) {
        String type = req.getContentType();
        if (type == null) {
            return false;
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().equalsIgnoreCase("application/json");
    }

    private static String bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    /** Every {@code egret_session} value sent: a stale one beside a fresh one must not hide it. */
    private static List<String> cookies(HttpServletRequest req) {
        Enumeration<String> headers = req.getHeaders("Cookie");
        if (headers == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String h : Collections.list(headers)) {
            for (String part : h.split(";")) {
                String c = part.trim();
                if (c.startsWith(COOKIE + "=")) {
                    ids.add(c.substring(COOKIE.length() + 1));
                }
            }
        }
        return ids;
    }

    /** The decoded, normalised path the container matched servlets on, so no encoding slips past the guard. */
    private static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath();
        String info = req.getPathInfo();
        if (servletPath == null && info == null) {
            String uri = req.getRequestURI();
            String context = req.getContextPath();
            return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        }
        return (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    }

    /** The data: every API route and the Prometheus scrape, and any admin console. The console's assets are not. */
    static boolean guarded(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics")
                || path.startsWith("/metrics/") || adminConsole(path);
    }

    /** Where Felix's web console lives: none is shipped, but a bundle dropped into deploy/ could bring one. */
    static boolean adminConsole(String path) {
        return path.equals("/system") || path.startsWith("/system/");
    }
}
