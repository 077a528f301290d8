package org.egret.console.internal.rest;

import java.util.List;
import java.util.function.Function;
import org.egret.api.decode.LlmCall;

/**
 * The columns of {@code /api/export/calls}, shared by CSV and Parquet: the span list item's fields (Heron's first,
 * Egret's after them; the ones Heron always leaves null are dropped), every token count and the cost. Times are
 * epoch milliseconds, durations fractional ms; a null value is an empty CSV cell and a Parquet null.
 */
final class CallColumns {

    /** Column value types. */
    enum Type {
        TEXT("VARCHAR"), LONG("BIGINT"), INT("INTEGER"), DOUBLE("DOUBLE"), BOOL("BOOLEAN"), TEXT_LIST("VARCHAR[]");

        final String duckType;

        Type(String duckType) {
            this.duckType = duckType;
        }
    }

    record Column(String name, Type type, Function<LlmCall, Object> value) {
    }

    static final List<Column> ALL = List.of(
            new Column("id", Type.TEXT, LlmCall::getId),
            new Column("source_id", Type.TEXT, LlmCall::getSourceId),
            new Column("request_time", Type.LONG, c -> Math.floorDiv(c.getRequestTime(), 1000L)),
            new Column("wire_api", Type.TEXT, LlmCall::getWireApi),
            new Column("model", Type.TEXT, LlmCall::getModel),
            new Column("request_model", Type.TEXT, LlmCall::getRequestModel),
            new Column("status_code", Type.INT, c -> c.getStatusCode() == 0 ? null : c.getStatusCode()),
            new Column("is_stream", Type.BOOL, LlmCall::isStream),
            new Column("finish_reason", Type.TEXT, LlmCall::getFinishReason),
            new Column("ttft_ms", Type.DOUBLE, LlmCall::getTtftMs),
            new Column("e2e_latency_ms", Type.DOUBLE, LlmCall::getE2eLatencyMs),
            new Column("tpot_ms", Type.DOUBLE, LlmCall::getTpotMs),
            new Column("input_tokens", Type.INT, LlmCall::getInputTokens),
            new Column("output_tokens", Type.INT, LlmCall::getOutputTokens),
            new Column("total_tokens", Type.INT, LlmCall::getTotalTokens),
            new Column("cache_read_input_tokens", Type.INT, LlmCall::getCacheReadInputTokens),
            new Column("cache_creation_input_tokens", Type.INT, LlmCall::getCacheCreationInputTokens),
            new Column("reasoning_tokens", Type.INT, LlmCall::getReasoningTokens),
            new Column("cost_usd", Type.DOUBLE, c -> finite(c.getCostUsd())),
            new Column("client_ip", Type.TEXT, LlmCall::getClientIp),
            new Column("server_ip", Type.TEXT, LlmCall::getServerIp),
            new Column("server_port", Type.INT, LlmCall::getServerPort),
            new Column("request_path", Type.TEXT, LlmCall::getRequestPath),
            new Column("is_agent_request", Type.BOOL, c -> !SpanJson.toolCalls(c).isEmpty()
                    || (c.getToolResults() != null && !c.getToolResults().isEmpty())),
            new Column("tool_call_count", Type.INT, c -> SpanJson.toolCalls(c).size()),
            new Column("tool_names", Type.TEXT_LIST, c -> SpanJson.toolNames(SpanJson.toolCalls(c))),
            new Column("agent_kind", Type.TEXT, LlmCall::getAgentKind),
            new Column("server_kind", Type.TEXT, LlmCall::getServerKind),
            new Column("model_substituted", Type.BOOL, LlmCall::isModelSubstituted),
            new Column("session_id", Type.TEXT, LlmCall::getSessionId),
            new Column("subagent", Type.TEXT, LlmCall::getSubagent),
            new Column("auxiliary", Type.TEXT, LlmCall::getAuxiliary),
            new Column("partial", Type.BOOL, LlmCall::isPartial));

    private CallColumns() {
    }

    private static Double finite(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }
}
