package org.egret.storage.clickhouse.internal;

import java.util.List;

/**
 * The tables, in SQL both ClickHouse 18.16 and current releases accept: times are Int64 µs since the epoch (no
 * DateTime64 in 18.16), every table is partitioned by the UTC day of its time column so that retention drops whole
 * partitions, lists are Arrays, nested records are JSON text in Strings (no Map or JSON types), and "0 = unknown"
 * values of the data model that sort or filter are Nullable, as in the DuckDB backend.
 */
final class Schema {
    /**
     * Rows per primary-key mark: a page's rows are fetched through the order key, and each row costs the reading of
     * its whole granule, so granules smaller than the default 8192 make pages cheaper (the index stays tiny).
     */
    static final int INDEX_GRANULARITY = 1024;

    /**
     * Bump with every change of a table below, and teach {@link SchemaMigrations} the step. v2: turns partitioned by
     * the day of their end (v1: of their start). v3: call bodies in {@code call_bodies}, out of {@code spans}.
     */
    static final int LATEST = 3;

    /**
     * One table. {@code engine} is the MergeTree flavour; {@code shardKey} is the sharding expression of its
     * Distributed table in a cluster (a turn's rewrites must meet on one shard, so turns shard by id).
     */
    record Table(String name, String columns, String engine, String partitionBy, String orderBy, String shardKey) {
    }

    private static String day(String microsColumn) {
        return "toYYYYMMDD(toDateTime(intDiv(" + microsColumn + ", 1000000), 'UTC'))";
    }

    static final Table SPANS = new Table("spans", String.join(", ",
            "id String", "source_id Nullable(String)", "pipeline Nullable(String)", "exchange_id Nullable(String)",
            "client_ip Nullable(String)", "client_port Int32", "server_ip Nullable(String)", "server_port Int32",
            "method Nullable(String)", "request_path Nullable(String)", "host Nullable(String)",
            "request_us Int64", "response_us Int64", "first_token_us Int64", "complete_us Int64",
            "wire_api Nullable(String)", "request_model Nullable(String)", "model Nullable(String)",
            "is_stream UInt8", "status_code Nullable(Int32)", "finish_reason Nullable(String)",
            "error_type Nullable(String)", "error_message Nullable(String)", "response_id Nullable(String)",
            "input_tokens Nullable(Int32)", "output_tokens Nullable(Int32)", "total_tokens Nullable(Int32)",
            "cache_read_input_tokens Nullable(Int32)", "cache_creation_input_tokens Nullable(Int32)",
            "reasoning_tokens Nullable(Int32)", "ttft_ms Nullable(Float64)", "e2e_latency_ms Nullable(Float64)",
            "tpot_ms Nullable(Float64)", "tool_call_count Int32", "tool_names Array(String)", "tool_calls String",
            "request_headers String", "response_headers String", "partial UInt8", "partial_reason Nullable(String)",
            "body_bytes_dropped Int64", "server_kind Nullable(String)", "agent_kind Nullable(String)",
            "model_substituted UInt8", "request_tools Array(String)", "tool_results String",
            "cost_usd Nullable(Float64)", "session_id Nullable(String)", "subagent Nullable(String)",
            "auxiliary Nullable(String)"),
            "MergeTree", day("request_us"), "(request_us, id)", "cityHash64(id)");

    /** The spans columns that schema v2 had and v3 moved to {@link #CALL_BODIES}. */
    static final List<String> V2_SPAN_BODY_COLUMNS = List.of("request_body", "request_body_blocks", "response_body",
            "response_body_blocks");

    /**
     * The bodies of calls, apart from {@link #SPANS} so that they expire with the body days while the call stays;
     * same day partitions, order key and shard key as spans, so a call's bodies are found through (request_us, id)
     * on the shard of its span. A call without bodies has no row here.
     */
    static final Table CALL_BODIES = new Table("call_bodies", String.join(", ", "id String", "request_us Int64",
            "request_body Nullable(String)", "request_body_blocks Nullable(String)", "response_body Nullable(String)",
            "response_body_blocks Nullable(String)"),
            "MergeTree", day("request_us"), "(request_us, id)", "cityHash64(id)");

    static final Table EXCHANGES = new Table("http_exchanges", String.join(", ",
            "id String", "source_id Nullable(String)", "call_id Nullable(String)", "client_ip Nullable(String)",
            "client_port Int32", "server_ip Nullable(String)", "server_port Int32", "method Nullable(String)",
            "uri Nullable(String)", "http_version Nullable(String)", "request_headers String",
            "request_body Nullable(String)", "request_body_blocks Nullable(String)", "request_body_length Int64",
            "request_body_truncated UInt8", "status Nullable(Int32)", "reason Nullable(String)",
            "response_http_version Nullable(String)", "response_headers Nullable(String)",
            "response_body Nullable(String)", "response_body_blocks Nullable(String)",
            "response_body_length Int64", "response_body_truncated UInt8", "is_sse UInt8",
            "sse_event_count Int32", "request_us Int64", "request_end_us Int64", "response_first_byte_us Int64",
            "response_complete_us Int64", "duration_ms Nullable(Float64)", "complete UInt8",
            "problem Nullable(String)"),
            "MergeTree", day("request_us"), "(request_us, id)", "cityHash64(id)");

    static final Table TURNS = new Table("turns", String.join(", ",
            "id String", "pipeline Nullable(String)", "source_id Nullable(String)", "session_id Nullable(String)",
            "agent_kind Nullable(String)", "wire_api Nullable(String)", "client_ip Nullable(String)",
            "server_ip Nullable(String)", "start_us Int64", "end_us Int64", "duration_ms Int64",
            "status Nullable(String)", "end_reason Nullable(String)", "call_ids Array(String)",
            "models Array(String)", "subagents Array(String)", "call_count Int32", "error_calls Int32",
            "total_input_tokens Int64", "total_output_tokens Int64", "total_cache_read_input_tokens Int64",
            "total_cache_creation_input_tokens Int64", "total_reasoning_tokens Int64",
            "total_cost_usd Nullable(Float64)", "user_input Nullable(String)", "user_call_id Nullable(String)",
            "final_answer Nullable(String)", "final_call_id Nullable(String)",
            "final_finish_reason Nullable(String)", "tools String", "tool_call_count Int32",
            "tool_result_count Int32", "tool_error_count Int32", "plan_loop Nullable(String)", "no_submit UInt8",
            "model_substituted UInt8", "proxy_role Nullable(String)", "proxy_peer_turn_id Nullable(String)",
            "version UInt64"),
            // by the end's day: a turn expires by its end (one without an end yet goes by its start)
            "ReplacingMergeTree(version)", day("greatest(end_us, start_us)"), "(start_us, id)", "cityHash64(id)");

    static final Table BODY_BLOCKS = new Table("body_blocks", "day UInt32, id String, data String",
            "ReplacingMergeTree", "day", "(day, id)", "cityHash64(id)");

    private static String stats(String p) {
        return String.join(", ", p + "_count Int64", p + "_sum_ms Float64", p + "_max_ms Float64",
                p + "_p50_ms Float64", p + "_p95_ms Float64", p + "_p99_ms Float64", p + "_bucket_keys Array(Int64)",
                p + "_bucket_counts Array(Int64)");
    }

    static final Table ROLLUPS = new Table("metric_rollups", String.join(", ",
            "pipeline String", "start_us Int64", "wire_api Nullable(String)", "model Nullable(String)",
            "server_kind Nullable(String)", "agent_kind Nullable(String)", "calls Int64", "stream_calls Int64",
            "errors_4xx Int64", "errors_429 Int64", "errors_5xx Int64", "partial_calls Int64", "input_tokens Int64",
            "input_token_calls Int64", "output_tokens Int64", "output_token_calls Int64",
            "cache_read_tokens Int64", "cache_write_tokens Int64", "reasoning_tokens Int64", "prompt_tokens Int64",
            "cost_usd Float64", "active_call_micros Float64", "active_calls_peak Int64",
            stats("ttft_stream"), stats("ttft_non_stream"), stats("e2e"), stats("tpot"), "version UInt64"),
            "MergeTree", day("start_us"), "(start_us, pipeline)", "cityHash64(pipeline)");

    static final Table HEALTH = new Table("health_samples", String.join(", ",
            "pipeline String", "time_us Int64", "state Nullable(String)", "counter_names Array(String)",
            "counter_values Array(Int64)"),
            "MergeTree", day("time_us"), "(time_us, pipeline)", "cityHash64(pipeline)");

    /** Every data table, in the order a flush sends them: blocks before the rows naming them, bodies before calls. */
    static final List<Table> TABLES = List.of(BODY_BLOCKS, CALL_BODIES, SPANS, EXCHANGES, TURNS, ROLLUPS, HEALTH);

    private Schema() {
    }

    /**
     * The CREATE statement of a table on one server ({@code localName}), optionally {@code ON CLUSTER}. The ORDER BY
     * leads with the time, so a time-range query reads only its part of the table.
     */
    static String createLocal(String database, Table t, String localName, String onCluster) {
        return "CREATE TABLE IF NOT EXISTS " + database + "." + localName + onCluster + " (" + t.columns()
                + ") ENGINE = " + t.engine() + " PARTITION BY " + t.partitionBy() + " ORDER BY " + t.orderBy()
                + " SETTINGS index_granularity = " + INDEX_GRANULARITY;
    }

    /** The Distributed table over the local tables of a cluster, under the name the queries use. */
    static String createDistributed(String database, Table t, String cluster, String onCluster) {
        return "CREATE TABLE IF NOT EXISTS " + database + "." + t.name() + onCluster + " AS " + database + "."
                + localName(t) + " ENGINE = Distributed(" + cluster + ", " + database + ", " + localName(t) + ", "
                + t.shardKey() + ")";
    }

    static String localName(Table t) {
        return t.name() + "_local";
    }
}
