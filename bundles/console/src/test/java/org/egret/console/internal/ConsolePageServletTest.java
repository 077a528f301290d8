package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsolePageServletTest {

    private final ConsolePageServlet servlet = new ConsolePageServlet();

    @BeforeEach
    void activate() {
        servlet.activate(ServletStubs.context(Map.of("egret.version", "1.0 <script>alert(1)</script>"), "0.1.0"));
    }

    private ServletStubs.Response get(String method, String uri) throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        servlet.service(ServletStubs.request(method, uri, null, null), r.proxy());
        return r;
    }

    @Test
    void pageIsStaticMarkupWithAStrictPolicyAndAnEscapedVersion() throws Exception {
        ServletStubs.Response r = get("GET", "/");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/html; charset=utf-8");
        assertThat(r.headers.get("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(r.headers).containsEntry("X-Content-Type-Options", "nosniff");
        String html = r.text();
        assertThat(html).contains("<h1>Egret</h1>")
                .contains("1.0 &lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert")
                .contains("<script src=\"console.js\" defer></script>")
                .doesNotContain("{{version}}");
        assertThat(html.replace("<script src=\"console.js\" defer></script>", "")).as("no inline script")
                .doesNotContain("<script");
        assertThat(r.contentLength).isEqualTo(r.body.size());
        assertThat(get("GET", "/index.html").text()).isEqualTo(html);
    }

    @Test
    void scriptWritesTextOnly() throws Exception {
        ServletStubs.Response r = get("GET", "/console.js");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/javascript; charset=utf-8");
        assertThat(r.text()).contains("textContent").contains("api/health")
                .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
        assertThat(get("GET", "/console.css").contentType).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void otherPathsAndMethods() throws Exception {
        ServletStubs.Response missing = get("GET", "/admin");
        assertThat(missing.status).isEqualTo(404);
        assertThat(missing.contentType).isEqualTo("text/plain; charset=utf-8");
        ServletStubs.Response post = get("POST", "/");
        assertThat(post.status).isEqualTo(405);
        assertThat(post.headers).containsEntry("Allow", "GET, HEAD");
        ServletStubs.Response head = get("HEAD", "/");
        assertThat(head.status).isEqualTo(200);
        assertThat(head.body.size()).isZero();
    }

    @Test
    void htmlEscaping() {
        assertThat(ConsolePageServlet.escapeHtml("a&b<c>\"d'")).isEqualTo("a&amp;b&lt;c&gt;&quot;d&#39;");
    }
}
