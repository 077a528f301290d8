package org.egret.storage.clickhouse.internal;

import static org.egret.storage.clickhouse.internal.JsonRows.dblOrNull;
import static org.egret.storage.clickhouse.internal.JsonRows.flag;
import static org.egret.storage.clickhouse.internal.JsonRows.integer;
import static org.egret.storage.clickhouse.internal.JsonRows.integerOrNull;
import static org.egret.storage.clickhouse.internal.JsonRows.lng;
import static org.egret.storage.clickhouse.internal.JsonRows.str;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.HttpHeader;
import org.egret.api.storage.StorageException;

/** {@link LlmCall}s as rows of the {@code spans} table, both ways. */
final class SpanRows {
    static final TypeReference<List<HttpHeader>> HEADERS = new TypeReference<>() {
    };
    private static final TypeReference<List<ToolCall>> TOOL_CALLS = new TypeReference<>() {
    };
    private static final TypeReference<List<ToolResult>> TOOL_RESULTS = new TypeReference<>() {
    };

    /** Everything but headers, bodies and tool-call arguments: what a list item carries. */
    static final String LIST_COLUMNS = "id, source_id, pipeline, exchange_id, client_ip, client_port, server_ip, "
            + "server_port, method, request_path, host, request_us, response_us, first_token_us, complete_us, "
            + "wire_api, request_model, model, is_stream, status_code, finish_reason, error_type, error_message, "
            + "response_id, input_tokens, output_tokens, total_tokens, cache_read_input_tokens, "
            + "cache_creation_input_tokens, reasoning_tokens, ttft_ms, e2e_latency_ms, tpot_ms, tool_call_count, "
            + "tool_names, partial, partial_reason, body_bytes_dropped, server_kind, agent_kind, model_substituted, "
            + "cost_usd, session_id, subagent, auxiliary";

    static final String DETAIL_COLUMNS = LIST_COLUMNS + ", tool_calls, request_headers, response_headers, "
            + "request_tools, tool_results";

    /** What {@link #read} takes from the call's {@code call_bodies} row, the bodies. */
    static final String BODY_COLUMNS = "hex(request_body) AS request_body_hex, "
            + "hex(request_body_blocks) AS request_body_blocks_hex, hex(response_body) AS response_body_hex, "
            + "hex(response_body_blocks) AS response_body_blocks_hex";

    private SpanRows() {
    }

    static byte[] row(LlmCall c) {
        if (c.getId() == null) {
            throw new IllegalArgumentException("a call has no id");
        }
        List<ToolCall> toolCalls = c.getToolCalls() == null ? List.of() : c.getToolCalls();
        List<String> toolNames = new ArrayList<>(toolCalls.size());
        for (ToolCall t : toolCalls) {
            toolNames.add(t.name());
        }
        try (JsonRow r = new JsonRow()) {
            return r.str("id", c.getId()).str("source_id", c.getSourceId()).str("pipeline", c.getPipeline())
                    .str("exchange_id", c.getExchangeId()).str("client_ip", c.getClientIp())
                    .num("client_port", c.getClientPort()).str("server_ip", c.getServerIp())
                    .num("server_port", c.getServerPort()).str("method", c.getMethod())
                    .str("request_path", c.getRequestPath()).str("host", c.getHost())
                    .num("request_us", c.getRequestTime()).num("response_us", c.getResponseTime())
                    .num("first_token_us", c.getFirstTokenTime()).num("complete_us", c.getCompleteTime())
                    .str("wire_api", c.getWireApi()).str("request_model", c.getRequestModel())
                    .str("model", c.getModel()).flag("is_stream", c.isStream())
                    .num("status_code", c.getStatusCode() == 0 ? null : c.getStatusCode())
                    .str("finish_reason", c.getFinishReason()).str("error_type", c.getErrorType())
                    .str("error_message", c.getErrorMessage()).str("response_id", c.getResponseId())
                    .num("input_tokens", c.getInputTokens()).num("output_tokens", c.getOutputTokens())
                    .num("total_tokens", c.getTotalTokens())
                    .num("cache_read_input_tokens", c.getCacheReadInputTokens())
                    .num("cache_creation_input_tokens", c.getCacheCreationInputTokens())
                    .num("reasoning_tokens", c.getReasoningTokens()).dbl("ttft_ms", c.getTtftMs())
                    .dbl("e2e_latency_ms", c.getE2eLatencyMs()).dbl("tpot_ms", c.getTpotMs())
                    .num("tool_call_count", toolCalls.size()).strings("tool_names", toolNames)
                    .str("tool_calls", JsonRows.toJson(toolCalls))
                    .str("request_headers", JsonRows.toJson(nonNull(c.getRequestHeaders())))
                    .str("response_headers", JsonRows.toJson(nonNull(c.getResponseHeaders())))
                    .flag("partial", c.isPartial()).str("partial_reason", c.getPartialReason())
                    .num("body_bytes_dropped", c.getBodyBytesDropped()).str("server_kind", c.getServerKind())
                    .str("agent_kind", c.getAgentKind()).flag("model_substituted", c.isModelSubstituted())
                    .strings("request_tools", c.getRequestTools())
                    .str("tool_results", JsonRows.toJson(c.getToolResults() == null ? List.of() : c.getToolResults()))
                    .dbl("cost_usd", c.getCostUsd()).str("session_id", c.getSessionId())
                    .str("subagent", c.getSubagent()).str("auxiliary", c.getAuxiliary())
                    .finish();
        }
    }

    /** The call's {@code call_bodies} row, or null when it has no body. */
    static byte[] bodiesRow(LlmCall c, BodyBlocks.Batch blocks) {
        if (c.getRequestBody() == null && c.getResponseBody() == null) {
            return null;
        }
        BodyBlocks.Stored request = blocks.store(utf8(c.getRequestBody()), c.getRequestTime());
        BodyBlocks.Stored response = blocks.store(utf8(c.getResponseBody()), c.getRequestTime());
        try (JsonRow r = new JsonRow()) {
            return r.str("id", c.getId()).num("request_us", c.getRequestTime())
                    .bytes("request_body", request.plain()).bytes("request_body_blocks", request.blockList())
                    .bytes("response_body", response.plain()).bytes("response_body_blocks", response.blockList())
                    .finish();
        }
    }

    private static List<HttpHeader> nonNull(List<HttpHeader> headers) {
        return headers == null ? List.of() : headers;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A call from a row selected with {@link #LIST_COLUMNS} or, when {@code detail}, {@link #DETAIL_COLUMNS} plus its
     * {@link #BODY_COLUMNS} row ({@code bodyRow}, null when it has none: no bodies, or they expired). A list item's
     * tool calls carry only their names (index = position, id and arguments null), as in the DuckDB backend.
     */
    static LlmCall read(JsonNode row, boolean detail, JsonNode bodyRow, BodyReader bodies) throws StorageException {
        long requestUs = lng(row, "request_us");
        LlmCall call = new LlmCall()
                .setId(str(row, "id"))
                .setSourceId(str(row, "source_id"))
                .setPipeline(str(row, "pipeline"))
                .setExchangeId(str(row, "exchange_id"))
                .setClientIp(str(row, "client_ip"))
                .setClientPort(integer(row, "client_port"))
                .setServerIp(str(row, "server_ip"))
                .setServerPort(integer(row, "server_port"))
                .setMethod(str(row, "method"))
                .setRequestPath(str(row, "request_path"))
                .setHost(str(row, "host"))
                .setRequestTime(requestUs)
                .setResponseTime(lng(row, "response_us"))
                .setFirstTokenTime(lng(row, "first_token_us"))
                .setCompleteTime(lng(row, "complete_us"))
                .setWireApi(str(row, "wire_api"))
                .setRequestModel(str(row, "request_model"))
                .setModel(str(row, "model"))
                .setStream(flag(row, "is_stream"))
                .setStatusCode(integer(row, "status_code"))
                .setFinishReason(str(row, "finish_reason"))
                .setErrorType(str(row, "error_type"))
                .setErrorMessage(str(row, "error_message"))
                .setResponseId(str(row, "response_id"))
                .setInputTokens(integerOrNull(row, "input_tokens"))
                .setOutputTokens(integerOrNull(row, "output_tokens"))
                .setTotalTokens(integerOrNull(row, "total_tokens"))
                .setCacheReadInputTokens(integerOrNull(row, "cache_read_input_tokens"))
                .setCacheCreationInputTokens(integerOrNull(row, "cache_creation_input_tokens"))
                .setReasoningTokens(integerOrNull(row, "reasoning_tokens"))
                .setTtftMs(dblOrNull(row, "ttft_ms"))
                .setE2eLatencyMs(dblOrNull(row, "e2e_latency_ms"))
                .setTpotMs(dblOrNull(row, "tpot_ms"))
                .setPartial(flag(row, "partial"))
                .setPartialReason(str(row, "partial_reason"))
                .setBodyBytesDropped(lng(row, "body_bytes_dropped"))
                .setServerKind(str(row, "server_kind"))
                .setAgentKind(str(row, "agent_kind"))
                .setModelSubstituted(flag(row, "model_substituted"))
                .setCostUsd(dblOrNull(row, "cost_usd"))
                .setSessionId(str(row, "session_id"))
                .setSubagent(str(row, "subagent"))
                .setAuxiliary(str(row, "auxiliary"));
        if (detail) {
            call.setRequestTools(JsonRows.strings(row, "request_tools"))
                    .setToolResults(JsonRows.json(row, "tool_results", TOOL_RESULTS, List.of()))
                    .setToolCalls(JsonRows.json(row, "tool_calls", TOOL_CALLS, List.of()))
                    .setRequestHeaders(JsonRows.json(row, "request_headers", HEADERS, List.of()))
                    .setResponseHeaders(JsonRows.json(row, "response_headers", HEADERS, List.of()))
                    .setRequestBody(bodyRow == null ? null : text(bodies.body(bodyRow, "request_body", requestUs)))
                    .setResponseBody(bodyRow == null ? null : text(bodies.body(bodyRow, "response_body", requestUs)));
        } else {
            List<String> names = JsonRows.strings(row, "tool_names");
            List<ToolCall> named = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                named.add(new ToolCall(i, null, names.get(i), null));
            }
            call.setToolCalls(List.copyOf(named));
        }
        return call;
    }

    private static String text(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}
