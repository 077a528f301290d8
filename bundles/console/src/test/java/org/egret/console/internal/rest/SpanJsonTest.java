package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.junit.jupiter.api.Test;

/** The JSON mapping of a fully populated call: every field name Heron scripts rely on, and Egret's extras. */
class SpanJsonTest {

    static final List<String> HERON_LIST_FIELDS = List.of("id", "source_id", "request_time", "wire_api", "model",
            "status_code", "is_stream", "finish_reason", "ttft_ms", "e2e_latency_ms", "input_tokens",
            "output_tokens", "tokens_estimated", "client_ip", "server_ip", "server_port", "request_path",
            "is_agent_request", "tool_surface", "agent_topology", "tool_call_count", "tool_names", "process");
    static final List<String> EGRET_LIST_FIELDS = List.of("agent_kind", "server_kind", "model_substituted",
            "cost_usd", "session_id", "subagent", "auxiliary", "request_model", "cache_read_input_tokens",
            "reasoning_tokens", "tpot_ms", "partial");
    static final List<String> HERON_DETAIL_FIELDS = List.of("id", "source_id", "request_time", "response_time",
            "complete_time", "wire_api", "model", "api_type", "is_stream", "request_path", "status_code",
            "finish_reason", "input_tokens", "output_tokens", "total_tokens", "tokens_estimated", "ttft_ms",
            "e2e_latency_ms", "response_id", "client_ip", "client_port", "server_ip", "server_port", "request_body",
            "response_body", "request_headers", "response_headers", "is_agent_request", "tool_surface",
            "agent_topology", "tool_call_count", "tool_names", "process");
    static final List<String> EGRET_DETAIL_FIELDS = List.of("agent_kind", "server_kind", "model_substituted",
            "cost_usd", "session_id", "subagent", "auxiliary", "request_model", "first_token_time", "cache_read_input_tokens", "cache_creation_input_tokens",
            "reasoning_tokens", "tpot_ms", "tool_calls", "request_tools", "tool_results", "error_type",
            "error_message", "partial", "partial_reason", "body_bytes_dropped", "exchange_id", "pipeline", "method",
            "host");
    static final List<String> HERON_TRACE_SPAN_FIELDS = List.of("id", "sequence", "request_time", "response_time",
            "complete_time", "wire_api", "model", "status_code", "is_stream", "finish_reason", "ttft_ms",
            "e2e_latency_ms", "input_tokens", "output_tokens", "tokens_estimated", "request_path", "client_ip",
            "client_port", "server_ip", "server_port", "request_body", "response_body", "request_headers",
            "response_headers");

    static JsonNode render(JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Fixtures.json(out.toByteArray());
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void listItemHasHeronsFieldsThenEgretsExtras() {
        JsonNode j = render(g -> SpanJson.writeListItem(g, Fixtures.fullCall()));
        assertThat(names(j)).containsExactlyElementsOf(concat(HERON_LIST_FIELDS, EGRET_LIST_FIELDS));

        assertThat(j.get("id").asText()).isEqualTo("0195f3a2-0000-7000-8000-000000000001");
        assertThat(j.get("source_id").asText()).isEqualTo("capture");
        assertThat(j.get("request_time").isIntegralNumber()).isTrue();
        assertThat(j.get("request_time").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(j.get("wire_api").asText()).isEqualTo("openai-chat");
        assertThat(j.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(j.get("status_code").asInt()).isEqualTo(200);
        assertThat(j.get("is_stream").asBoolean()).isTrue();
        assertThat(j.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(j.get("ttft_ms").asDouble()).isEqualTo(210.5);
        assertThat(j.get("e2e_latency_ms").asDouble()).isEqualTo(1250.4);
        assertThat(j.get("input_tokens").asInt()).isEqualTo(120);
        assertThat(j.get("output_tokens").asInt()).isEqualTo(30);
        assertThat(j.get("tokens_estimated").asBoolean()).isFalse();
        assertThat(j.get("client_ip").asText()).isEqualTo("10.0.0.5");
        assertThat(j.get("server_ip").asText()).isEqualTo("10.0.0.9");
        assertThat(j.get("server_port").asInt()).isEqualTo(8000);
        assertThat(j.get("request_path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(j.get("is_agent_request").asBoolean()).isTrue();
        assertThat(j.get("tool_surface").isNull()).isTrue();
        assertThat(j.get("agent_topology").isNull()).isTrue();
        assertThat(j.get("tool_call_count").asInt()).isEqualTo(2);
        assertThat(j.get("tool_names")).extracting(JsonNode::asText).containsExactly("calc", "search");
        assertThat(j.get("process").isNull()).isTrue();
        assertThat(j.get("request_model").asText()).isEqualTo("gpt-4o");
        assertThat(j.get("cache_read_input_tokens").asInt()).isEqualTo(64);
        assertThat(j.get("reasoning_tokens").asInt()).isEqualTo(5);
        assertThat(j.get("tpot_ms").asDouble()).isEqualTo(35.8);
        assertThat(j.get("partial").asBoolean()).isTrue();
    }

    @Test
    void detailHasHeronsFieldsThenEgretsExtras() {
        JsonNode j = render(g -> SpanJson.writeDetail(g, Fixtures.fullCall()));
        assertThat(names(j)).containsExactlyElementsOf(concat(HERON_DETAIL_FIELDS, EGRET_DETAIL_FIELDS));

        assertThat(j.get("request_time").asLong()).isEqualTo(1_767_323_045_678L);
        assertThat(j.get("response_time").asLong()).isEqualTo(1_767_323_045_828L);
        assertThat(j.get("complete_time").asLong()).isEqualTo(1_767_323_046_929L);
        assertThat(j.get("first_token_time").asLong()).isEqualTo(1_767_323_045_889L);
        assertThat(j.get("api_type").asText()).isEqualTo("chat");
        assertThat(j.get("total_tokens").asInt()).isEqualTo(150);
        assertThat(j.get("response_id").asText()).isEqualTo("chatcmpl-1");
        assertThat(j.get("client_port").asInt()).isEqualTo(51234);
        assertThat(j.get("request_body").asText()).contains("What is <b>2+2</b>?");
        assertThat(j.get("response_body").asText()).contains("\"finish_reason\":\"tool_calls\"");
        assertThat(j.get("cache_creation_input_tokens").asInt()).isEqualTo(8);
        assertThat(j.get("error_type").asText()).isEqualTo("none_type");
        assertThat(j.get("error_message").asText()).isEqualTo("none message");
        assertThat(j.get("partial_reason").asText()).isEqualTo("connection closed before the last chunk");
        assertThat(j.get("body_bytes_dropped").asLong()).isEqualTo(17);
        assertThat(j.get("exchange_id").asText()).isEqualTo("x-1");
        assertThat(j.get("pipeline").asText()).isEqualTo("local");
        assertThat(j.get("method").asText()).isEqualTo("POST");
        assertThat(j.get("host").asText()).isEqualTo("llm.internal:8000");

        JsonNode tool = j.get("tool_calls").get(0);
        assertThat(names(tool)).containsExactly("index", "id", "name", "arguments");
        assertThat(tool.get("index").asInt()).isZero();
        assertThat(tool.get("id").asText()).isEqualTo("call_1");
        assertThat(tool.get("name").asText()).isEqualTo("calc");
        assertThat(tool.get("arguments").asText()).isEqualTo("{\"x\":2}");
        assertThat(j.get("tool_calls").get(1).get("index").asInt()).isEqualTo(1);

        assertThat(j.get("agent_kind").asText()).isEqualTo("opencode");
        assertThat(j.get("server_kind").asText()).isEqualTo("vllm");
        assertThat(j.get("model_substituted").asBoolean()).isTrue();
        assertThat(j.get("cost_usd").asDouble()).isEqualTo(0.00042);
        assertThat(j.get("session_id").asText()).isEqualTo("ses_7");
        assertThat(j.get("subagent").asText()).isEqualTo("task");
        assertThat(j.get("auxiliary").isNull()).isTrue();
        assertThat(j.get("request_tools")).extracting(JsonNode::asText).containsExactly("calc", "search");
        JsonNode result = j.get("tool_results").get(0);
        assertThat(names(result)).containsExactly("tool_call_id", "name", "is_error", "content");
        assertThat(result.get("tool_call_id").asText()).isEqualTo("call_0");
        assertThat(result.get("name").asText()).isEqualTo("search");
        assertThat(result.get("is_error").asBoolean()).isTrue();
        assertThat(result.get("content").asText()).isEqualTo("<script>alert(1)</script> failed");
    }

    @Test
    void headersAreJsonStringsOfNameValuePairsAsHeronServesThem() {
        JsonNode j = render(g -> SpanJson.writeDetail(g, Fixtures.fullCall()));
        assertThat(j.get("request_headers").isTextual()).isTrue();
        JsonNode pairs = Fixtures.json(j.get("request_headers").asText());
        assertThat(pairs.size()).isEqualTo(2);
        assertThat(pairs.get(0).get(0).asText()).isEqualTo("Content-Type");
        assertThat(pairs.get(0).get(1).asText()).isEqualTo("application/json");
        assertThat(pairs.get(1).get(1).asText()).isEqualTo("[redacted]");
        assertThat(Fixtures.json(j.get("response_headers").asText()).get(0).get(1).asText())
                .isEqualTo("text/event-stream");
    }

    @Test
    void unknownValuesAreNullNotZero() {
        LlmCall c = new LlmCall().setId("c").setSourceId("s").setWireApi("anthropic").setRequestTime(5_000_000);
        JsonNode d = render(g -> SpanJson.writeDetail(g, c));
        assertThat(d.get("status_code").isNull()).as("no response seen").isTrue();
        assertThat(d.get("response_time").isNull()).isTrue();
        assertThat(d.get("complete_time").isNull()).isTrue();
        assertThat(d.get("first_token_time").isNull()).isTrue();
        assertThat(d.get("input_tokens").isNull()).isTrue();
        assertThat(d.get("ttft_ms").isNull()).isTrue();
        assertThat(d.get("model").isNull()).isTrue();
        assertThat(d.get("request_headers").asText()).isEqualTo("[]");
        assertThat(d.get("is_agent_request").asBoolean()).isFalse();
        assertThat(d.get("tool_names").isEmpty()).isTrue();
        assertThat(d.get("request_time").asLong()).isEqualTo(5_000);
    }

    @Test
    void traceSpanItemIsHeronsShapeAndLiteNullsTheHeavyFields() {
        JsonNode full = render(g -> SpanJson.writeTraceSpanItem(g, Fixtures.fullCall(), 1, true));
        assertThat(names(full)).startsWith(HERON_TRACE_SPAN_FIELDS.toArray(String[]::new));
        assertThat(full.get("sequence").asInt()).isEqualTo(1);
        assertThat(full.get("request_body").asText()).contains("messages");
        assertThat(full.get("request_headers").asText()).startsWith("[[");

        JsonNode lite = render(g -> SpanJson.writeTraceSpanItem(g, Fixtures.fullCall(), 1, false));
        assertThat(names(lite)).isEqualTo(names(full));
        for (String heavy : List.of("request_body", "response_body", "request_headers", "response_headers")) {
            assertThat(lite.get(heavy).isNull()).as(heavy).isTrue();
        }
    }

    @Test
    void markupInCapturedContentIsEscapedOnTheWire() {
        byte[] raw = ApiResponse.ok(g -> SpanJson.writeDetail(g, Fixtures.fullCall())).render();
        String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("<b>").contains("\\u003Cb\\u003E2+2\\u003C/b\\u003E");
    }
}
