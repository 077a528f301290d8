package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the console really built by the Maven build (frontend/ → target/classes/static). */
class ConsolePageServletTest {

    private final ConsolePageServlet servlet = new ConsolePageServlet();

    @BeforeEach
    void activate() {
        servlet.activate();
    }

    private ServletStubs.Response get(String method, String uri) throws Exception {
        ServletStubs.Response r = new ServletStubs.Response();
        servlet.service(ServletStubs.request(method, uri, null, null), r.proxy());
        return r;
    }

    private String assetPath(String ext) throws Exception {
        Matcher m = Pattern.compile("\"(/assets/[A-Za-z0-9._-]+\\." + ext + ")\"").matcher(get("GET", "/").text());
        assertThat(m.find()).as("index.html names a ." + ext + " asset").isTrue();
        return m.group(1);
    }

    @Test
    void indexIsTheBuiltAppWithAStrictPolicyAndNoInlineScript() throws Exception {
        ServletStubs.Response r = get("GET", "/");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.contentType).isEqualTo("text/html; charset=utf-8");
        assertThat(r.headers).containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                        + "object-src 'none'");
        String html = r.text();
        assertThat(html).contains("<div id=\"root\"></div>").doesNotContain("<style").doesNotContain(" style=");
        Matcher scripts = Pattern.compile("<script([^>]*)>([\\s\\S]*?)</script>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("script from a file").contains("src=\"/assets/");
            assertThat(scripts.group(2)).as("no inline script").isBlank();
        }
        assertThat(count).isPositive();
        assertThat(r.contentLength).isEqualTo(r.body.size());
    }

    @Test
    void everyPageOfTheAppIsTheIndex() throws Exception {
        String index = get("GET", "/").text();
        for (String path : new String[] {"/index.html", "/performance", "/agent-turns/abc", "/llm-calls/42",
                "/no/such/page", "/favicon.ico"}) {
            ServletStubs.Response r = get("GET", path);
            assertThat(r.status).as(path).isEqualTo(200);
            assertThat(r.headers).as(path).containsEntry("Cache-Control", "no-cache");
            assertThat(r.text()).as(path).isEqualTo(index);
        }
    }

    @Test
    void hashedAssetsAreImmutableWithTheirContentType() throws Exception {
        ServletStubs.Response js = get("GET", assetPath("js"));
        assertThat(js.status).isEqualTo(200);
        assertThat(js.contentType).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.headers).containsEntry("Cache-Control", "public, max-age=31536000, immutable")
                .containsKey("Content-Security-Policy");
        assertThat(js.body.size()).isPositive().isEqualTo(js.contentLength);
        ServletStubs.Response css = get("GET", assetPath("css"));
        assertThat(css.contentType).isEqualTo("text/css; charset=utf-8");
        assertThat(css.text()).contains("data-table");
        assertThat(get("GET", assetPath("css")).body.toByteArray()).isEqualTo(css.body.toByteArray());
    }

    @Test
    void missingAssetsAndOtherServletsPathsAre404NeverTheIndex() throws Exception {
        for (String path : new String[] {"/assets/nope-1234.js", "/assets/", "/assets", "/api", "/api/nope",
                "/metrics", "/assets/../static/index.html", "/assets/..%2findex.html", "/assets/%2e%2e/index.html",
                "/assets/sub/dir.js", "/assets/.hidden", "/assets/a\\b.js"}) {
            ServletStubs.Response r = get("GET", path);
            assertThat(r.status).as(path).isEqualTo(404);
            assertThat(r.contentType).as(path).isEqualTo("text/plain; charset=utf-8");
            assertThat(r.headers).as(path).containsEntry("X-Content-Type-Options", "nosniff");
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        ServletStubs.Response post = get("POST", "/");
        assertThat(post.status).isEqualTo(405);
        assertThat(post.headers).containsEntry("Allow", "GET, HEAD");
        ServletStubs.Response head = get("HEAD", assetPath("js"));
        assertThat(head.status).isEqualTo(200);
        assertThat(head.body.size()).isZero();
        assertThat(head.contentLength).isPositive();
    }

    @Test
    void contentTypes() {
        assertThat(ConsolePageServlet.contentType("a.JS")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ConsolePageServlet.contentType("a.svg")).isEqualTo("image/svg+xml");
        assertThat(ConsolePageServlet.contentType("a.woff2")).isEqualTo("font/woff2");
        assertThat(ConsolePageServlet.contentType("noext")).isEqualTo("application/octet-stream");
    }
}
