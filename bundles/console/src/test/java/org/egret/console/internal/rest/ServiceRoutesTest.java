package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpHeader;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.Test;

/** {@code /api/services}, {@code /api/services/models} and {@code /api/services/topology} over fixture traffic. */
class ServiceRoutesTest extends RouterTestBase {

    private static final long SEC = 1_000_000L;
    private int n;

    private LlmCall call(String client, String server, int port, String model, String kind, String path, String host,
            int status, double ttft, double e2e) {
        n++;
        return Fixtures.call("c" + n, Fixtures.T0 + n * SEC).setClientIp(client).setServerIp(server)
                .setServerPort(port).setModel(model).setServerKind(kind).setRequestPath(path).setHost(host)
                .setStatusCode(status).setTtftMs(ttft).setE2eLatencyMs(e2e).setStream(n % 2 == 0).setCostUsd(0.5);
    }

    /**
     * An agent (10.0.0.5) behind a LiteLLM proxy (10.0.0.2:4000) in front of vLLM (10.0.0.3:8000), its legs paired;
     * another client (10.0.0.6) calling Ollama's native API and OpenAI.
     */
    private void proxiedTraffic() {
        for (int i = 0; i < 3; i++) {
            storage.calls.add(call("10.0.0.5", "10.0.0.2", 4000, "gpt-4o", "litellm", "/v1/chat/completions",
                    "10.0.0.2:4000", 200, 100 + i * 100, 1000 + i * 1000));
            storage.calls.add(call("10.0.0.2", "10.0.0.3", 8000, "Qwen/Qwen3-8B", "vllm", "/v1/chat/completions",
                    "10.0.0.3:8000", 200, 90, 900));
        }
        // the newest call of an endpoint tells its Server header
        storage.calls.get(4).setResponseHeaders(List.of(new HttpHeader("Server", "uvicorn"),
                new HttpHeader("x-litellm-call-id", "1")));
        storage.calls.add(call("10.0.0.6", "10.0.0.4", 11434, "llama3", "unknown", "/api/chat", "localhost:11434",
                500, 50, 60));
        storage.calls.add(call("10.0.0.6", "10.0.0.4", 11434, "llama3", "unknown", "/api/chat", "localhost:11434",
                429, 40, 50));
        storage.calls.add(call("10.0.0.6", "162.159.140.245", 443, "gpt-5", null, "/v1/responses",
                "api.openai.com", 200, 300, 3000).setWireApi("openai-responses"));
        AgentTurn in = Fixtures.turn("t-in", "s1", Fixtures.T0 + SEC).setClientIp("10.0.0.5")
                .setServerIp("10.0.0.2").setCallCount(3).setProxyRole("proxy_in").setProxyPeerTurnId("t-out")
                .setCallIds(List.of("c1", "c3", "c5"));
        AgentTurn out = Fixtures.turn("t-out", "s1", Fixtures.T0 + 2 * SEC).setClientIp("10.0.0.2")
                .setServerIp("10.0.0.3").setCallCount(3).setProxyRole("proxy_out").setProxyPeerTurnId("t-in")
                .setCallIds(List.of("c2", "c4", "c6"));
        AgentTurn ollama = Fixtures.turn("t-o", "s2", Fixtures.T0 + 7 * SEC).setClientIp("10.0.0.6")
                .setServerIp("10.0.0.4").setCallCount(2).setCallIds(List.of("c7", "c8"));
        storage.turns.addAll(List.of(in, out, ollama));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void servicesSumTheirCallsAndNameTheirApp() {
        proxiedTraffic();
        JsonNode d = data(get("/services"));
        assertThat(SpanJsonTest.names(d)).containsExactly("services");
        JsonNode services = d.get("services");
        assertThat(services).extracting(s -> s.get("server_ip").asText() + ":" + s.get("server_port").asInt())
                .containsExactly("10.0.0.2:4000", "10.0.0.3:8000", "10.0.0.4:11434", "162.159.140.245:443");
        JsonNode proxy = services.get(0);
        assertThat(SpanJsonTest.names(proxy)).containsExactly("server_ip", "server_port", "models", "wire_apis",
                "request_paths", "call_count", "error_count", "error_4xx_count", "error_429_count", "error_5xx_count",
                "stream_count", "total_input_tokens", "total_output_tokens", "total_cost_usd", "ttft_avg_ms",
                "ttft_p95_ms", "e2e_avg_ms", "e2e_p95_ms", "first_seen_ms", "last_seen_ms", "app", "server_header");
        assertThat(proxy.get("call_count").asLong()).isEqualTo(3);
        assertThat(proxy.get("stream_count").asLong()).isZero(); // c1, c3, c5: only the even ones stream
        assertThat(services.get(1).get("stream_count").asLong()).isEqualTo(3);
        assertThat(proxy.get("total_input_tokens").asLong()).isEqualTo(30);
        assertThat(proxy.get("total_output_tokens").asLong()).isEqualTo(6);
        assertThat(proxy.get("total_cost_usd").asDouble()).isCloseTo(1.5, within(1e-9));
        assertThat(proxy.get("ttft_avg_ms").asDouble()).isCloseTo(200, within(1e-9));
        assertThat(proxy.get("ttft_p95_ms").asDouble()).isEqualTo(300);
        assertThat(proxy.get("e2e_avg_ms").asDouble()).isCloseTo(2000, within(1e-9));
        assertThat(proxy.get("first_seen_ms").asLong()).isEqualTo((Fixtures.T0 + SEC) / 1000);
        assertThat(proxy.get("last_seen_ms").asLong()).isEqualTo((Fixtures.T0 + 5 * SEC) / 1000);
        assertThat(texts(proxy.get("models"))).containsExactly("gpt-4o");
        assertThat(texts(proxy.get("wire_apis"))).containsExactly("openai-chat");
        assertThat(texts(proxy.get("request_paths"))).containsExactly("/v1/chat/completions");
        assertThat(proxy.get("app").asText()).isEqualTo("litellm");
        assertThat(proxy.get("server_header").asText()).isEqualTo("uvicorn");
        assertThat(services.get(1).get("app").asText()).isEqualTo("vllm");
        assertThat(services.get(1).get("server_header").isNull()).isTrue();
        JsonNode ollama = services.get(2);
        // the pipeline could not tell; the native route can
        assertThat(ollama.get("app").asText()).isEqualTo("ollama");
        assertThat(ollama.get("error_count").asLong()).isEqualTo(2);
        assertThat(ollama.get("error_4xx_count").asLong()).isEqualTo(1);
        assertThat(ollama.get("error_429_count").asLong()).isEqualTo(1);
        assertThat(ollama.get("error_5xx_count").asLong()).isEqualTo(1);
        assertThat(services.get(3).get("app").asText()).isEqualTo("openai");
        assertThat(texts(services.get(3).get("wire_apis"))).containsExactly("openai-responses");
    }

    @Test
    void servicesSortFilterAndLimit() {
        proxiedTraffic();
        JsonNode bySlowest = data(get("/services", "sort_by=e2e_avg_ms&sort_order=desc"));
        assertThat(bySlowest.get("services")).extracting(s -> s.get("server_port").asInt())
                .containsExactly(443, 4000, 8000, 11434);
        JsonNode byIp = data(get("/services", "sort_by=server_ip&sort_order=asc&limit=2"));
        assertThat(byIp.get("services")).extracting(s -> s.get("server_ip").asText())
                .containsExactly("10.0.0.2", "10.0.0.3");
        JsonNode recent = data(get("/services", "sort_by=last_seen_ms"));
        assertThat(recent.get("services").get(0).get("server_port").asInt()).isEqualTo(443);
        JsonNode onlyOllama = data(get("/services", "model=llama3"));
        assertThat(onlyOllama.get("services")).hasSize(1);
        long t0 = Fixtures.T0 / SEC;
        JsonNode early = data(get("/services", "start=" + t0 + "&end=" + (t0 + 3)));
        assertThat(early.get("services")).extracting(s -> s.get("call_count").asLong()).containsExactly(1L, 1L);
        assertThat(data(get("/services", "limit=0")).get("services")).isEmpty();
        // more than the maximum is cut to it, not refused
        assertThat(data(get("/services", "limit=100000")).get("services")).hasSize(4);
    }

    @Test
    void serviceModelsArePerEndpointAndModel() {
        proxiedTraffic();
        storage.calls.add(call("10.0.0.5", "10.0.0.2", 4000, "gpt-4o-mini", "litellm", "/v1/chat/completions",
                "x", 200, 10, 20));
        JsonNode d = data(get("/services/models"));
        assertThat(SpanJsonTest.names(d)).containsExactly("models");
        JsonNode first = d.get("models").get(0);
        assertThat(SpanJsonTest.names(first)).containsExactly("server_ip", "server_port", "wire_api", "model",
                "call_count", "error_count", "error_4xx_count", "error_429_count", "error_5xx_count", "stream_count",
                "total_input_tokens", "total_output_tokens", "total_cost_usd", "ttft_avg_ms", "ttft_p95_ms",
                "e2e_avg_ms", "e2e_p95_ms");
        assertThat(d.get("models")).extracting(m -> m.get("server_port").asInt() + "/" + m.get("model").asText()
                + "/" + m.get("call_count").asLong())
                .containsExactly("4000/gpt-4o/3", "8000/Qwen/Qwen3-8B/3", "11434/llama3/2", "4000/gpt-4o-mini/1",
                        "443/gpt-5/1");
        assertThat(d.get("models").get(2).get("error_count").asLong()).isEqualTo(2);
        JsonNode fast = data(get("/services/models", "sort_by=ttft_avg_ms&sort_order=asc&limit=1"));
        assertThat(fast.get("models")).extracting(m -> m.get("model").asText()).containsExactly("gpt-4o-mini");
    }

    @Test
    void topologyLinksClientsProxiesAndBackends() {
        proxiedTraffic();
        JsonNode d = data(get("/services/topology"));
        assertThat(SpanJsonTest.names(d)).containsExactly("nodes", "edges", "turns_truncated");
        assertThat(d.get("turns_truncated").asBoolean()).isFalse();
        JsonNode clients = d.get("nodes").get(0);
        assertThat(SpanJsonTest.names(clients)).containsExactly("server_ip", "server_port", "app", "models",
                "call_count");
        assertThat(clients.get("server_ip").asText()).isEqualTo("__clients__");
        assertThat(clients.get("server_port").asInt()).isZero();
        assertThat(clients.get("app").asText()).isEqualTo("clients");
        assertThat(clients.get("call_count").asLong()).isEqualTo(6);
        assertThat(d.get("nodes")).extracting(x -> x.get("server_ip").asText() + ":" + x.get("app").asText())
                .containsExactly("__clients__:clients", "10.0.0.2:litellm", "10.0.0.3:vllm", "10.0.0.4:ollama",
                        "162.159.140.245:openai");
        assertThat(edges(d)).containsExactly(
                "__clients__:0>10.0.0.2:4000 client calls=3 turns=1",
                "10.0.0.2:4000>10.0.0.3:8000 proxy calls=3 turns=1",
                "__clients__:0>10.0.0.4:11434 client calls=2 turns=1",
                "__clients__:0>162.159.140.245:443 client calls=1 turns=0");
    }

    @Test
    void withoutPairingACallerThatIsAServiceIsInferred() {
        proxiedTraffic();
        storage.turns.get(1).setProxyRole(null).setProxyPeerTurnId(null);
        storage.turns.get(0).setProxyRole(null).setProxyPeerTurnId(null);
        assertThat(edges(data(get("/services/topology")))).contains(
                "10.0.0.2:4000>10.0.0.3:8000 inferred calls=3 turns=1");
    }

    @Test
    void onOneHostThePairedLegsStillFindTheirPorts() {
        // agent, LiteLLM (:4000) and vLLM (:8000) all on 127.0.0.1: addresses say nothing, the pairing does
        List<LlmCall> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(call("127.0.0.1", "127.0.0.1", 4000, "gpt-4o", "litellm", "/v1/chat/completions", "l", 200,
                    10, 20));
            calls.add(call("127.0.0.1", "127.0.0.1", 8000, "qwen", "vllm", "/v1/chat/completions", "l", 200, 10,
                    20));
        }
        calls.add(call("127.0.0.1", "127.0.0.1", 8000, "qwen", "vllm", "/v1/chat/completions", "l", 200, 10, 20));
        storage.calls.addAll(calls);
        storage.turns.add(Fixtures.turn("in", "s", Fixtures.T0).setClientIp("127.0.0.1").setServerIp("127.0.0.1")
                .setCallCount(2).setCallIds(List.of("c1", "c3")).setProxyRole("proxy_in").setProxyPeerTurnId("out"));
        storage.turns.add(Fixtures.turn("out", "s", Fixtures.T0).setClientIp("127.0.0.1").setServerIp("127.0.0.1")
                .setCallCount(2).setCallIds(List.of("c2", "c4")).setProxyRole("proxy_out").setProxyPeerTurnId("in"));
        assertThat(edges(data(get("/services/topology")))).containsExactly(
                "__clients__:0>127.0.0.1:4000 client calls=2 turns=1",
                "127.0.0.1:4000>127.0.0.1:8000 proxy calls=2 turns=1",
                "__clients__:0>127.0.0.1:8000 client calls=1 turns=0");
    }

    @Test
    void badParametersAre400NamingThem() {
        proxiedTraffic();
        for (String path : List.of("/services", "/services/models", "/services/topology")) {
            assertMessage(get(path, "start=1767323045678"), "start:");
            assertMessage(get(path, "start=20&end=10"), "start:");
        }
        for (String path : List.of("/services", "/services/models")) {
            assertMessage(get(path, "sort_by=colour"), "sort_by:");
            assertMessage(get(path, "sort_order=up"), "sort_order:");
            assertMessage(get(path, "limit=-1"), "limit:");
            assertMessage(get(path, "limit=ten"), "limit:");
        }
        assertThat(get("/services", "sort_by=colour").get("message").asText()).contains("call_count", "server_port");
        assertError(get("/services/colour"), 404, 2001);
        assertThat(storage.groupQueries).isEmpty();
    }

    private void assertMessage(JsonNode env, String prefix) {
        assertError(env, 400, 1001);
        assertThat(env.get("message").asText()).startsWith(prefix);
    }

    private static List<String> edges(JsonNode d) {
        return StreamSupport.stream(d.get("edges").spliterator(), false)
                .map(e -> e.get("from_ip").asText() + ":" + e.get("from_port").asInt() + ">" + e.get("to_ip").asText()
                        + ":" + e.get("to_port").asInt() + " " + e.get("kind").asText() + " calls="
                        + e.get("call_count").asLong() + " turns=" + e.get("turn_count").asLong())
                .toList();
    }
}
