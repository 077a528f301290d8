package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.appendBlob;
import static org.egret.storage.duckdb.internal.NullableValues.appendDouble;
import static org.egret.storage.duckdb.internal.NullableValues.appendInteger;
import static org.egret.storage.duckdb.internal.NullableValues.appendMicros;
import static org.egret.storage.duckdb.internal.NullableValues.appendStatus;
import static org.egret.storage.duckdb.internal.NullableValues.appendString;
import static org.egret.storage.duckdb.internal.NullableValues.getDouble;
import static org.egret.storage.duckdb.internal.NullableValues.getInteger;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;

/** {@link LlmCall}s as rows of the {@code spans} table, both ways. */
final class SpanRows {

    /** Everything but headers, bodies and tool-call arguments: what a list item carries. */
    static final String LIST_COLUMNS = "id, source_id, pipeline, exchange_id, client_ip, client_port, server_ip, "
            + "server_port, method, request_path, host, epoch_us(request_time) AS request_us, "
            + "epoch_us(response_time) AS response_us, epoch_us(first_token_time) AS first_token_us, "
            + "epoch_us(complete_time) AS complete_us, wire_api, request_model, model, is_stream, status_code, "
            + "finish_reason, error_type, error_message, response_id, input_tokens, output_tokens, total_tokens, "
            + "cache_read_input_tokens, cache_creation_input_tokens, reasoning_tokens, ttft_ms, e2e_latency_ms, "
            + "tpot_ms, tool_call_count, tool_names, partial, partial_reason, body_bytes_dropped, server_kind, "
            + "agent_kind, model_substituted, cost_usd, session_id, subagent, auxiliary";

    static final String DETAIL_COLUMNS = LIST_COLUMNS
            + ", tool_calls, request_headers, response_headers, request_body, response_body, "
            + "request_body_in_exchange, request_tools, tool_results, request_body_blocks, response_body_blocks";

    private SpanRows() {
    }

    /**
     * Appends the calls in the column order of the table; the caller owns the transaction. A request body that
     * {@code shared} says its exchange already holds is not stored again; other request bodies of 4 KiB and more go
     * to {@code blocks}.
     *
     * @return the exchange ids of the appended calls, for {@link SharedRequestBodies#callsCommitted}
     */
    static List<String> append(DuckDBConnection c, List<LlmCall> calls, SharedRequestBodies shared,
            BodyBlockWriter blocks) throws SQLException {
        List<String> exchangeIds = new ArrayList<>(calls.size());
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "spans")) {
            for (LlmCall call : calls) {
                boolean inExchange = shared.holds(call.getExchangeId(), call.getId(), call.getRequestBody());
                byte[] request = inExchange ? null : utf8(call.getRequestBody());
                byte[] response = utf8(call.getResponseBody());
                // the response stays in its row, as the exchange's does (ExchangeRows says why)
                byte[] requestBlocks = blocks.store(request, call.getRequestTime());
                appendRow(a, call, requestBlocks == null ? request : null, response, inExchange, requestBlocks,
                        null);
                if (call.getExchangeId() != null) {
                    exchangeIds.add(call.getExchangeId());
                }
            }
            // explicitly: close() swallows a failed flush, and with it the rows
            a.flush();
            blocks.flush();
        }
        return exchangeIds;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bodies go in as UTF-8 bytes: DuckDB's appender takes a VARCHAR from bytes at a fraction of the cost of a
     * {@link String}, whose conversion it does char by char.
     */
    private static void appendRow(DuckDBAppender a, LlmCall call, byte[] requestBody, byte[] responseBody,
            boolean requestBodyInExchange, byte[] requestBlocks, byte[] responseBlocks) throws SQLException {
        List<ToolCall> toolCalls = call.getToolCalls() == null ? List.of() : call.getToolCalls();
        a.beginRow();
        appendString(a, call.getId());
        appendString(a, call.getSourceId());
        appendString(a, call.getPipeline());
        appendString(a, call.getExchangeId());
        appendString(a, call.getClientIp());
        a.append(call.getClientPort());
        appendString(a, call.getServerIp());
        a.append(call.getServerPort());
        appendString(a, call.getMethod());
        appendString(a, call.getRequestPath());
        appendString(a, call.getHost());
        a.appendEpochMicros(call.getRequestTime());
        appendMicros(a, call.getResponseTime());
        appendMicros(a, call.getFirstTokenTime());
        appendMicros(a, call.getCompleteTime());
        appendString(a, call.getWireApi());
        appendString(a, call.getRequestModel());
        appendString(a, call.getModel());
        a.append(call.isStream());
        appendStatus(a, call.getStatusCode());
        appendString(a, call.getFinishReason());
        appendString(a, call.getErrorType());
        appendString(a, call.getErrorMessage());
        appendString(a, call.getResponseId());
        appendInteger(a, call.getInputTokens());
        appendInteger(a, call.getOutputTokens());
        appendInteger(a, call.getTotalTokens());
        appendInteger(a, call.getCacheReadInputTokens());
        appendInteger(a, call.getCacheCreationInputTokens());
        appendInteger(a, call.getReasoningTokens());
        appendDouble(a, call.getTtftMs());
        appendDouble(a, call.getE2eLatencyMs());
        appendDouble(a, call.getTpotMs());
        a.append(toolCalls.size());
        a.append(JsonColumns.toolCalls(toolCalls));
        a.append(JsonColumns.toolNames(toolCalls));
        appendString(a, JsonColumns.headers(call.getRequestHeaders()));
        appendString(a, JsonColumns.headers(call.getResponseHeaders()));
        appendBlob(a, requestBody);
        appendBlob(a, responseBody);
        a.append(call.isPartial());
        appendString(a, call.getPartialReason());
        a.append(call.getBodyBytesDropped());
        a.append("llm");
        a.append(requestBodyInExchange);
        appendString(a, call.getServerKind());
        appendString(a, call.getAgentKind());
        a.append(call.isModelSubstituted());
        a.append(JsonColumns.names(call.getRequestTools() == null ? List.of() : call.getRequestTools()));
        a.append(JsonColumns.toolResults(call.getToolResults() == null ? List.of() : call.getToolResults()));
        appendDouble(a, call.getCostUsd());
        appendString(a, call.getSessionId());
        appendString(a, call.getSubagent());
        appendString(a, call.getAuxiliary());
        appendBlob(a, requestBlocks);
        appendBlob(a, responseBlocks);
        a.endRow();
    }

    /**
     * A call from a row selected with {@link #LIST_COLUMNS} or, when {@code detail}, {@link #DETAIL_COLUMNS}. A list
     * item's tool calls carry only their names (index = position, id and arguments null): the arguments can be as
     * large as a body.
     */
    static LlmCall read(ResultSet rs, boolean detail) throws SQLException {
        LlmCall call = new LlmCall()
                .setId(rs.getString("id"))
                .setSourceId(rs.getString("source_id"))
                .setPipeline(rs.getString("pipeline"))
                .setExchangeId(rs.getString("exchange_id"))
                .setClientIp(rs.getString("client_ip"))
                .setClientPort(rs.getInt("client_port"))
                .setServerIp(rs.getString("server_ip"))
                .setServerPort(rs.getInt("server_port"))
                .setMethod(rs.getString("method"))
                .setRequestPath(rs.getString("request_path"))
                .setHost(rs.getString("host"))
                .setRequestTime(rs.getLong("request_us"))
                .setResponseTime(rs.getLong("response_us"))
                .setFirstTokenTime(rs.getLong("first_token_us"))
                .setCompleteTime(rs.getLong("complete_us"))
                .setWireApi(rs.getString("wire_api"))
                .setRequestModel(rs.getString("request_model"))
                .setModel(rs.getString("model"))
                .setStream(rs.getBoolean("is_stream"))
                .setStatusCode(rs.getInt("status_code"))
                .setFinishReason(rs.getString("finish_reason"))
                .setErrorType(rs.getString("error_type"))
                .setErrorMessage(rs.getString("error_message"))
                .setResponseId(rs.getString("response_id"))
                .setInputTokens(getInteger(rs, "input_tokens"))
                .setOutputTokens(getInteger(rs, "output_tokens"))
                .setTotalTokens(getInteger(rs, "total_tokens"))
                .setCacheReadInputTokens(getInteger(rs, "cache_read_input_tokens"))
                .setCacheCreationInputTokens(getInteger(rs, "cache_creation_input_tokens"))
                .setReasoningTokens(getInteger(rs, "reasoning_tokens"))
                .setTtftMs(getDouble(rs, "ttft_ms"))
                .setE2eLatencyMs(getDouble(rs, "e2e_latency_ms"))
                .setTpotMs(getDouble(rs, "tpot_ms"))
                .setPartial(rs.getBoolean("partial"))
                .setPartialReason(rs.getString("partial_reason"))
                .setBodyBytesDropped(rs.getLong("body_bytes_dropped"))
                .setServerKind(rs.getString("server_kind"))
                .setAgentKind(rs.getString("agent_kind"))
                .setModelSubstituted(rs.getBoolean("model_substituted"))
                .setCostUsd(getDouble(rs, "cost_usd"))
                .setSessionId(rs.getString("session_id"))
                .setSubagent(rs.getString("subagent"))
                .setAuxiliary(rs.getString("auxiliary"));
        if (detail) {
            call.setRequestTools(JsonColumns.toolNames(rs.getString("request_tools"), "spans.request_tools"))
                    .setToolResults(JsonColumns.toolResults(rs.getString("tool_results"), "spans.tool_results"));
            call.setToolCalls(JsonColumns.toolCalls(rs.getString("tool_calls"), "spans.tool_calls"))
                    .setRequestHeaders(JsonColumns.headers(rs.getString("request_headers"), "spans.request_headers"))
                    .setResponseHeaders(
                            JsonColumns.headers(rs.getString("response_headers"), "spans.response_headers"))
                    .setRequestBody(body(rs, call, "request"))
                    .setResponseBody(body(rs, call, "response"));
        } else {
            List<String> names = JsonColumns.toolNames(rs.getString("tool_names"), "spans.tool_names");
            List<ToolCall> named = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                named.add(new ToolCall(i, null, names.get(i), null));
            }
            call.setToolCalls(List.copyOf(named));
        }
        return call;
    }

    /**
     * A body from its VARCHAR column or, stored as blocks (v8), rebuilt from them; one that cannot be rebuilt is
     * null and marked in the call's partial reason.
     */
    private static String body(ResultSet rs, LlmCall call, String which) throws SQLException {
        byte[] blocks = rs.getBytes(which + "_body_blocks");
        if (blocks == null) {
            return rs.getString(which + "_body");
        }
        BlockedBodyReader.Body body = UnreadableBodies.logged(BlockedBodyReader.read(
                rs.getStatement().getConnection(), blocks, call.getRequestTime(), "spans." + which + "_body_blocks"));
        if (body.bytes() == null) {
            UnreadableBodies.mark(call, which, body.unreadable());
            return null;
        }
        return new String(body.bytes(), StandardCharsets.UTF_8);
    }
}
