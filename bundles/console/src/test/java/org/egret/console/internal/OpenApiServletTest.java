package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpenApiServletTest {

    @Test
    void servesTheDocumentAsJson() throws Exception {
        ServletStubs.Response resp = new ServletStubs.Response();
        new OpenApiServlet().service(ServletStubs.request("GET", "/api/openapi.json", null, null), resp.proxy());
        assertThat(resp.status).isEqualTo(200);
        assertThat(resp.contentType).startsWith("application/json");
        assertThat(resp.contentLength).isEqualTo(resp.body.size());
        JsonNode doc = new ObjectMapper().readTree(resp.body.toByteArray());
        assertThat(doc.path("paths").has("/api/spans/{id}/transcript")).isTrue();
    }

    @Test
    void isReadOnly() throws Exception {
        ServletStubs.Response resp = new ServletStubs.Response();
        new OpenApiServlet().service(ServletStubs.request("POST", "/api/openapi.json", null, null), resp.proxy());
        assertThat(resp.status).isEqualTo(405);
        assertThat(resp.headers).containsEntry("Allow", "GET, HEAD");
    }
}
