package org.egret.console.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * Just enough of the servlet and framework APIs to drive the servlets without a container. Any method the glue is
 * not expected to call fails the test.
 */
final class ServletStubs {

    private ServletStubs() {
    }

    static HttpServletRequest request(String method, String requestUri, String pathInfo, String query) {
        return request(method, requestUri, pathInfo, query, null, null);
    }

    /** A request with a body of this content type (null: none). */
    static HttpServletRequest request(String method, String requestUri, String pathInfo, String query,
            String contentType, byte[] body) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletStubs.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> requestUri;
                    case "getContextPath" -> "";
                    case "getPathInfo" -> pathInfo;
                    case "getQueryString" -> query;
                    case "getContentType" -> contentType;
                    case "getInputStream" -> new BodyStream(body == null ? new byte[0] : body);
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }

    /** A request body. */
    private static final class BodyStream extends jakarta.servlet.ServletInputStream {
        private final java.io.ByteArrayInputStream in;

        BodyStream(byte[] body) {
            in = new java.io.ByteArrayInputStream(body);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(jakarta.servlet.ReadListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
            return in.read();
        }
    }

    /** A response that records what the servlet set; commits after {@code commitAfter} body bytes. */
    static final class Response {
        int status = 200;
        String contentType;
        Integer contentLength;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(ServletStubs.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> contentLength = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "isCommitted" -> {
                                return committed;
                            }
                            case "resetBuffer" -> body.reset();
                            case "reset" -> {
                                body.reset();
                                headers.clear();
                                status = 200;
                                contentType = null;
                            }
                            default -> throw new UnsupportedOperationException("response." + m.getName());
                        }
                        return null;
                    });
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    static BundleContext context(Map<String, String> frameworkProperties, String bundleVersion) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(ServletStubs.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getVersion")) {
                        return Version.parseVersion(bundleVersion);
                    }
                    throw new UnsupportedOperationException("bundle." + m.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(ServletStubs.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getProperty" -> frameworkProperties.get((String) args[0]);
                    case "getBundle" -> bundle;
                    default -> throw new UnsupportedOperationException("context." + m.getName());
                });
    }
}
