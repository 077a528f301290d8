package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallGroupKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/filters/*} through the router, over calls grouped by the in-memory storage. */
class FilterRoutesTest extends RouterTestBase {

    private static final long SEC = 1_000_000L;

    static LlmCall call(String id, long t, String wire, String model, String server, String agent, String finish) {
        return Fixtures.call(id, t).setWireApi(wire).setModel(model).setServerIp(server).setAgentKind(agent)
                .setFinishReason(finish);
    }

    @BeforeEach
    void calls() {
        storage.calls.addAll(List.of(
                call("a", Fixtures.T0, "openai-chat", "gpt-4o", "10.0.0.9", "opencode", "stop"),
                call("b", Fixtures.T0 + SEC, "openai-chat", "gpt-4o-mini", "10.0.0.9", "opencode", "length"),
                call("c", Fixtures.T0 + 2 * SEC, "anthropic", "claude-sonnet-4-5", "10.0.0.8", "claude-cli",
                        "end_turn"),
                call("d", Fixtures.T0 + 100 * SEC, "anthropic", "claude-haiku-4-5", "10.0.0.7", null, null)));
    }

    private List<String> values(String path, String query) {
        JsonNode d = data(get(path, query));
        assertThat(SpanJsonTest.names(d)).containsExactly("values");
        return d.get("values").findValuesAsText("").isEmpty() ? texts(d.get("values")) : texts(d.get("values"));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void valuesAreTheDistinctStoredOnesSorted() {
        assertThat(values("/filters/wire-apis", null)).containsExactly("anthropic", "openai-chat");
        assertThat(values("/filters/models", null)).containsExactly("claude-haiku-4-5", "claude-sonnet-4-5",
                "gpt-4o", "gpt-4o-mini");
        assertThat(values("/filters/server-ips", null)).containsExactly("10.0.0.7", "10.0.0.8", "10.0.0.9");
        // a call without an agent kind offers no empty value
        assertThat(values("/filters/agent-kinds", null)).containsExactly("claude-cli", "opencode");
        assertThat(storage.groupQueries).extracting(q -> q.groupBy().get(0)).containsExactly(CallGroupKey.WIRE_API,
                CallGroupKey.MODEL, CallGroupKey.SERVER_IP, CallGroupKey.AGENT_KIND);
    }

    @Test
    void valuesFollowTheRangeAndTheDimensionFilters() {
        long t0 = Fixtures.T0 / SEC;
        assertThat(values("/filters/models", "start=" + t0 + "&end=" + (t0 + 50))).containsExactly(
                "claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini");
        assertThat(values("/filters/models", "wire_api=anthropic")).containsExactly("claude-haiku-4-5",
                "claude-sonnet-4-5");
        assertThat(values("/filters/agent-kinds", "server_ip=10.0.0.9,10.0.0.7&include_proxy_hops=true"))
                .containsExactly("opencode");
        assertThat(values("/filters/wire-apis", "model=gpt-4o,claude-haiku-4-5")).containsExactly("anthropic",
                "openai-chat");
        assertThat(values("/filters/server-ips", "agent_kind=claude-cli")).containsExactly("10.0.0.8");
    }

    @Test
    void finishReasonPairsAreSortedByWireApiThenReason() {
        JsonNode d = data(get("/filters/finish-reasons"));
        assertThat(SpanJsonTest.names(d)).containsExactly("pairs");
        assertThat(d.get("pairs")).hasSize(3);
        assertThat(SpanJsonTest.names(d.get("pairs").get(0))).containsExactly("wire_api", "finish_reason");
        assertThat(d.get("pairs")).extracting(p -> p.get("wire_api").asText() + "/" + p.get("finish_reason").asText())
                .containsExactly("anthropic/end_turn", "openai-chat/length", "openai-chat/stop");
        JsonNode only = data(get("/filters/finish-reasons", "model=gpt-4o"));
        assertThat(only.get("pairs")).extracting(p -> p.get("finish_reason").asText()).containsExactly("stop");
    }

    @Test
    void badParametersAre400NamingThem() {
        for (String path : List.of("/filters/wire-apis", "/filters/models", "/filters/server-ips",
                "/filters/agent-kinds", "/filters/finish-reasons")) {
            JsonNode ms = get(path, "start=1767323045678");
            assertError(ms, 400, 1001);
            assertThat(ms.get("message").asText()).startsWith("start:").contains("milliseconds");
            JsonNode order = get(path, "start=200&end=100");
            assertError(order, 400, 1001);
            assertThat(order.get("message").asText()).isEqualTo("start: must not be after end");
            assertError(get(path, "end=-1"), 400, 1001);
            assertError(get(path, "end=soon"), 400, 1001);
        }
        JsonNode flag = get("/filters/agent-kinds", "include_proxy_hops=maybe");
        assertError(flag, 400, 1001);
        assertThat(flag.get("message").asText()).startsWith("include_proxy_hops:");
        assertError(get("/filters/colours"), 404, 2001);
        assertError(get("/filters"), 404, 2001);
        assertThat(storage.groupQueries).isEmpty();
    }

    @Test
    void withoutStorageOrWithStorageDownTheAnswerIs503() {
        bound = null;
        for (String path : List.of("/filters/wire-apis", "/filters/finish-reasons")) {
            JsonNode env = get(path);
            assertError(env, 503, 5003);
            assertThat(env.get("message").asText()).isEqualTo("storage unavailable");
        }
        bound = storage;
        storage.failure = "ClickHouse at http://db:8123 unreachable";
        storage.status = new org.egret.api.storage.StorageStatus("memory", "heap", false, 0, 0, 1, "down");
        assertError(get("/filters/models"), 503, 5003);
        assertThat(new String(last.render())).doesNotContain("db:8123");
    }
}
