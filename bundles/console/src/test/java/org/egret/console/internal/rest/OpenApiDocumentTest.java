package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document against the router: every documented route exists, and is well formed. */
class OpenApiDocumentTest extends RouterTestBase {

    /** Routes served by their own servlet or filter, not by the router. */
    private static final Set<String> OWN_SERVLET = Set.of("/api/openapi.json", "/api/live", "/api/auth/session");

    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = org.egret.console.internal.ConsolePageServlet.class
                .getResourceAsStream("openapi.json")) {
            assertThat(in).as("openapi.json beside the servlets").isNotNull();
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void isAnOpenApi31DocumentWithUniqueOperations() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : fields(doc.path("paths"))) {
            assertThat(path.getKey()).startsWith("/api/");
            for (Map.Entry<String, JsonNode> op : fields(path.getValue())) {
                operations++;
                JsonNode o = op.getValue();
                assertThat(o.path("summary").asText()).as(op.getKey() + " " + path.getKey()).isNotBlank();
                assertThat(o.path("responses").has("200")).as(path.getKey()).isTrue();
                assertThat(ids.add(o.path("operationId").asText())).as("unique operationId " + path.getKey())
                        .isTrue();
                if (path.getKey().contains("{id}")) {
                    assertThat(o.path("parameters").toString()).contains("#/components/parameters/id");
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void everyDocumentedGetRouteIsRouted() {
        for (Map.Entry<String, JsonNode> path : fields(doc.path("paths"))) {
            if (OWN_SERVLET.contains(path.getKey()) || !path.getValue().has("get")) {
                continue;
            }
            String concrete = path.getKey().substring("/api".length()).replace("{id}", "no-such-id");
            ApiResponse r = router().handle(concrete, null);
            if (r.streamed() != null) {
                // a download (exports): routed; its spool file is dropped unsent
                r.streamed().body().release();
                assertThat(r.status()).as(path.getKey()).isEqualTo(200);
                continue;
            }
            JsonNode env = Fixtures.json(r.render());
            // a missing object, a missing required parameter or a service this test does not bind is fine; a
            // missing route is not
            assertThat(env.path("message").asText()).as(path.getKey())
                    .doesNotContain("no such API route");
            assertThat(r.status()).as(path.getKey() + ": " + env.path("message").asText()).isIn(200, 400, 404, 503);
        }
    }

    @Test
    void anUndocumentedPathIsNotRouted() {
        JsonNode env = get("/no-such-route", null);
        assertError(env, 404, ApiException.NOT_FOUND);
    }

    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                into.add(ref.asText());
            }
            node.forEach(child -> collectRefs(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            all.add(it.next());
        }
        return all;
    }
}
