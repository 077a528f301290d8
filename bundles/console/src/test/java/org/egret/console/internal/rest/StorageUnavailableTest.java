package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.util.List;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.Test;

/** A storage that cannot be reached is a 503 "storage unavailable" on every data route, never a 500. */
class StorageUnavailableTest extends RouterTestBase {

    private static final List<String> ROUTES = List.of("/spans", "/spans/a", "/traces",
            "/traces/" + Fixtures.fullTurn().getTurnId(), "/agent-sessions", "/http-exchanges",
            "/filters/models", "/filters/finish-reasons", "/services", "/services/models", "/services/topology",
            "/metrics/models", "/metrics/finish-reasons", "/traces/activity");

    private void assertUnavailable() {
        for (String path : ROUTES) {
            JsonNode env = get(path);
            assertError(env, 503, 5003);
            assertThat(env.get("message").asText()).as(path).isEqualTo("storage unavailable");
            assertThat(new String(last.render())).doesNotContain("db.internal");
        }
    }

    @Test
    void aRefusedConnectionIs503EvenWhileTheBackendStillSaysHealthy() {
        storage.failure = "ClickHouse at http://db.internal:8123 unreachable (connection refused)";
        storage.failureCause = new ConnectException("Connection refused");
        assertUnavailable();
    }

    @Test
    void aBackendReportingItselfUnhealthyIs503() {
        storage.failure = "the DuckDB database db.internal was invalidated by a fatal error";
        storage.status = new StorageStatus("memory", "heap", false, 0, 0, 1, "invalidated");
        assertUnavailable();
    }

    @Test
    void noBackendBoundIs503() {
        bound = null;
        assertUnavailable();
    }

    @Test
    void aHealthyBackendFailingAQueryIsStillAn500() {
        storage.failure = "Binder Error: no such column db.internal";
        JsonNode env = get("/traces");
        assertError(env, 500, 5001);
        assertThat(env.get("message").asText()).isEqualTo("internal server error");
        assertError(get("/services"), 500, 5001);
    }
}
