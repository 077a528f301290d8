package org.egret.console.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the container hands it to a filter, built field by field (a companion of {@link ServletStubs}): the
 * headers, the addresses of both ends, and the path split as the servlet mapping split it.
 */
final class RequestStub {
    private final String method;
    private final String servletPath;
    private final String pathInfo;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String remoteAddr = "127.0.0.1";
    private String localAddr = "127.0.0.1";
    private boolean secure;

    private RequestStub(String method, String servletPath, String pathInfo) {
        this.method = method;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        header("Host", "127.0.0.1:3000");
    }

    /** A request for {@code path}, split as the appliance's servlets split it ({@code /api/*} and the rest). */
    static RequestStub of(String method, String path) {
        if (path.startsWith("/api/")) {
            return new RequestStub(method, "/api", path.substring(4));
        }
        return new RequestStub(method, path, null);
    }

    /** Sets a header, replacing it; a null value removes it. */
    RequestStub header(String name, String value) {
        headers.remove(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
        }
        return this;
    }

    RequestStub addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    RequestStub json(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return header("Content-Type", "application/json");
    }

    RequestStub body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    RequestStub from(String address) {
        remoteAddr = address;
        return this;
    }

    RequestStub arrivedOn(String address) {
        localAddr = address;
        return this;
    }

    RequestStub secure() {
        secure = true;
        return this;
    }

    HttpServletRequest proxy() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return bytes.read();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestStub.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getContextPath" -> "";
                    case "getRequestURI" -> servletPath + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> {
                        List<String> v = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        yield v == null ? null : v.get(0);
                    }
                    case "getHeaders" -> Collections.enumeration(
                            headers.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of()));
                    case "getContentType" -> {
                        List<String> v = headers.get("content-type");
                        yield v == null ? null : v.get(0);
                    }
                    case "getRemoteAddr" -> remoteAddr;
                    case "getLocalAddr" -> localAddr;
                    case "isSecure" -> secure;
                    case "getInputStream" -> in;
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }
}
