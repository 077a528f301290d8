package org.egret.storage.duckdb.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema. Version N is the N-th entry of {@link #STEPS}; a step is never edited once released, a
 * change is a new step appended at the end. Column order matters: the appenders write rows positionally, so a new
 * column is added at the end of its table and appended last.
 *
 * <p>{@code spans}, {@code http_exchanges} and {@code turns} have no PRIMARY KEY and no index on purpose: ids are
 * unique by construction (time-ordered UUIDs), and ART indexes on these high-churn tables made Heron's retention
 * DELETEs and checkpoints slow and fragile (its outages, see DESIGN.md "Storage"). DuckDB's per-row-group min/max
 * zone maps on {@code request_time} (turns: {@code start_time}) serve the time-range scans.
 */
final class SchemaMigrations {

    private static final String SPANS_V1 = """
            CREATE TABLE spans (
              id VARCHAR NOT NULL,
              source_id VARCHAR,
              pipeline VARCHAR,
              exchange_id VARCHAR,
              client_ip VARCHAR,
              client_port INTEGER,
              server_ip VARCHAR,
              server_port INTEGER,
              method VARCHAR,
              request_path VARCHAR,
              host VARCHAR,
              request_time TIMESTAMP NOT NULL,
              response_time TIMESTAMP,
              first_token_time TIMESTAMP,
              complete_time TIMESTAMP,
              wire_api VARCHAR,
              request_model VARCHAR,
              model VARCHAR,
              is_stream BOOLEAN,
              status_code INTEGER,
              finish_reason VARCHAR,
              error_type VARCHAR,
              error_message VARCHAR,
              response_id VARCHAR,
              input_tokens INTEGER,
              output_tokens INTEGER,
              total_tokens INTEGER,
              cache_read_input_tokens INTEGER,
              cache_creation_input_tokens INTEGER,
              reasoning_tokens INTEGER,
              ttft_ms DOUBLE,
              e2e_latency_ms DOUBLE,
              tpot_ms DOUBLE,
              tool_call_count INTEGER,
              tool_calls VARCHAR,
              tool_names VARCHAR,
              request_headers VARCHAR,
              response_headers VARCHAR,
              request_body VARCHAR,
              response_body VARCHAR,
              partial BOOLEAN,
              partial_reason VARCHAR,
              body_bytes_dropped BIGINT,
              kind VARCHAR DEFAULT 'llm'
            )""";

    private static final String HTTP_EXCHANGES_V1 = """
            CREATE TABLE http_exchanges (
              id VARCHAR NOT NULL,
              source_id VARCHAR,
              call_id VARCHAR,
              client_ip VARCHAR,
              client_port INTEGER,
              server_ip VARCHAR,
              server_port INTEGER,
              method VARCHAR,
              uri VARCHAR,
              http_version VARCHAR,
              request_headers VARCHAR,
              request_body BLOB,
              request_body_length BIGINT,
              request_body_truncated BOOLEAN,
              status INTEGER,
              reason VARCHAR,
              response_http_version VARCHAR,
              response_headers VARCHAR,
              response_body BLOB,
              response_body_length BIGINT,
              response_body_truncated BOOLEAN,
              is_sse BOOLEAN,
              sse_event_count INTEGER,
              request_time TIMESTAMP NOT NULL,
              request_end_time TIMESTAMP,
              response_first_byte_time TIMESTAMP,
              response_complete_time TIMESTAMP,
              duration_ms DOUBLE,
              complete BOOLEAN,
              problem VARCHAR
            )""";

    /**
     * v2, bodies cost fewer stored bytes (DuckDB's write cost grows with every byte appended, logged and
     * checkpointed):
     * <ul>
     * <li>a call's request body is stored once. When it is byte for byte the request body of the call's exchange
     * (the usual case: the pipeline writes both), {@code spans.request_body} is NULL and
     * {@code request_body_in_exchange} is true; the body is then read from {@code http_exchanges.request_body} of
     * the row whose id is {@code exchange_id};</li>
     * <li>an exchange body may be stored deflated (raw DEFLATE, RFC 1951, no zlib header) when that makes it
     * clearly smaller: then it is in {@code request_body_deflated} / {@code response_body_deflated} and
     * {@code request_body} / {@code response_body} are NULL. These columns hold DEFLATE output, which DuckDB's own
     * compression cannot shrink, so they skip it ({@code USING COMPRESSION uncompressed}): at checkpoint DuckDB
     * would otherwise spend as much time trying as on everything else.</li>
     * </ul>
     * Rows written before v2 have NULL in the new columns: their bodies are stored whole and as they are.
     */
    private static final List<String> V2_COMPACT_BODIES = List.of(
            "ALTER TABLE spans ADD COLUMN request_body_in_exchange BOOLEAN",
            "ALTER TABLE http_exchanges ADD COLUMN request_body_deflated BLOB USING COMPRESSION uncompressed",
            "ALTER TABLE http_exchanges ADD COLUMN response_body_deflated BLOB USING COMPRESSION uncompressed");

    /**
     * v3, exchange bodies compressed with LZ4 instead of DEFLATE: a quarter to a third of the CPU per body, for
     * about a third more stored bytes of request JSON (SSE streams shrink about as much as before). A body of 1 KiB
     * to 64 MiB that LZ4 shrinks by at least an eighth is in {@code request_body_lz4} / {@code response_body_lz4}, and
     * {@code request_body} / {@code response_body} are NULL. Each value is the stored body's length as 4 bytes
     * little-endian, then one LZ4 block (LZ4's block format, as python-lz4's {@code lz4.block.decompress} reads it).
     * That length is of the body as stored, which is not {@code *_body_length} (the length on the wire) when the
     * body was capped or truncated. {@code USING COMPRESSION uncompressed} for the reason v2 gives.
     * Rows written before v3 keep their bodies where they are ({@code *_deflated} or the plain column); from v3 on
     * {@code *_deflated} is NULL. Of a body's three columns at most one is set.
     */
    private static final List<String> V3_LZ4_BODIES = List.of(
            "ALTER TABLE http_exchanges ADD COLUMN request_body_lz4 BLOB USING COMPRESSION uncompressed",
            "ALTER TABLE http_exchanges ADD COLUMN response_body_lz4 BLOB USING COMPRESSION uncompressed");

    /**
     * v4, what the decoders and classifiers learn beyond usage: {@code server_kind} (openai, anthropic, gemini, vllm,
     * sglang, ollama, llamacpp, litellm, unknown), {@code agent_kind}, {@code model_substituted} (served model is
     * another model than the requested one), {@code request_tools} (JSON array of the tool names the request
     * declares) and {@code tool_results} (JSON array of {@code {tool_call_id,name,error,content}}: the tool results
     * the request sends back, content clipped). Rows written before v4 have NULL there.
     */
    private static final List<String> V4_CLASSIFIED_CALLS = List.of(
            "ALTER TABLE spans ADD COLUMN server_kind VARCHAR",
            "ALTER TABLE spans ADD COLUMN agent_kind VARCHAR",
            "ALTER TABLE spans ADD COLUMN model_substituted BOOLEAN",
            "ALTER TABLE spans ADD COLUMN request_tools VARCHAR",
            "ALTER TABLE spans ADD COLUMN tool_results VARCHAR");

    /** v5, {@code cost_usd}: what the call cost by the price table; NULL when its model has no price. */
    private static final List<String> V5_CALL_COST = List.of("ALTER TABLE spans ADD COLUMN cost_usd DOUBLE");

    /**
     * v6, {@code turns}: one row per closed agent turn, every {@link org.egret.api.turn.AgentTurn} field. Columns
     * carry Heron's {@code traces} names where it has them ({@code total_input_tokens}, {@code duration_ms}, …) so
     * the sortable fields of the API are column names. Nested values are DuckDB types, not JSON text:
     * {@code call_ids}, {@code models} and {@code subagents} are {@code VARCHAR[]}, so the model filter is a
     * {@code list_has_any} and a session's models a {@code flatten}, with no JSON parsed per row; {@code tools} is a
     * list of structs, stored column by column (tool names compress as a dictionary however many a turn has, and
     * {@code unnest(tools)} serves per-tool SQL), and list queries never read it; {@code plan_loop} is one struct,
     * NULL when there was none. Like {@code spans}, no PRIMARY KEY and no index (see the class comment): a rewritten
     * turn id is a DELETE then an append in the writer's transaction, and the time-ordered ids keep the DELETE's
     * scan to the row groups whose id range holds them.
     */
    private static final String TURNS_V6 = """
            CREATE TABLE turns (
              id VARCHAR NOT NULL,
              pipeline VARCHAR,
              source_id VARCHAR,
              session_id VARCHAR,
              agent_kind VARCHAR,
              wire_api VARCHAR,
              client_ip VARCHAR,
              server_ip VARCHAR,
              start_time TIMESTAMP NOT NULL,
              end_time TIMESTAMP NOT NULL,
              duration_ms BIGINT,
              status VARCHAR,
              end_reason VARCHAR,
              call_ids VARCHAR[],
              models VARCHAR[],
              subagents VARCHAR[],
              call_count INTEGER,
              error_calls INTEGER,
              total_input_tokens BIGINT,
              total_output_tokens BIGINT,
              total_cache_read_input_tokens BIGINT,
              total_cache_creation_input_tokens BIGINT,
              total_reasoning_tokens BIGINT,
              total_cost_usd DOUBLE,
              user_input VARCHAR,
              user_call_id VARCHAR,
              final_answer VARCHAR,
              final_call_id VARCHAR,
              final_finish_reason VARCHAR,
              tools STRUCT(call_id VARCHAR, tool_call_id VARCHAR, name VARCHAR, arguments_key VARCHAR,
                           result_call_id VARCHAR, error BOOLEAN, result_key VARCHAR)[],
              tool_call_count INTEGER,
              tool_result_count INTEGER,
              tool_error_count INTEGER,
              plan_loop STRUCT(tool VARCHAR, arguments VARCHAR, repeats INTEGER),
              no_submit BOOLEAN,
              model_substituted BOOLEAN,
              proxy_role VARCHAR,
              proxy_peer_turn_id VARCHAR
            )""";

    /**
     * v7, a call's place in the agent's work: {@code session_id} (header, body or conversation anchor),
     * {@code subagent} (the sub-agent that sent it) and {@code auxiliary} (the kind of side call), NULL when none.
     */
    private static final List<String> V7_CALL_SESSIONS = List.of("ALTER TABLE spans ADD COLUMN session_id VARCHAR",
            "ALTER TABLE spans ADD COLUMN subagent VARCHAR", "ALTER TABLE spans ADD COLUMN auxiliary VARCHAR");

    /**
     * v8, bodies as content-addressed blocks, and the metrics history:
     * <ul>
     * <li>a body of at least 4 KiB is cut into blocks ({@code org.egret.bodyblocks.ContentChunker}); the row keeps
     * the encoded block list in {@code request_body_blocks} / {@code response_body_blocks} and NULL in the body's
     * other columns. The writer blocks request bodies only (an agent re-sends its conversation in every request,
     * a response is new content); readers take either. Each block is a row of {@code body_blocks} keyed by (day,
     * id): the UTC day of the owning
     * row's request time and the SHA-256 of the block. Blocks are kept per day so that retention deletes whole days
     * of them with their rows and never counts references; a block reused on a later day is stored again for that
     * day, and a block stored twice for one day is harmless (a reader takes any row). {@code data} is the block
     * LZ4-packed as {@link Lz4BodyCodec} packs a body when {@code lz4} is true, else its bytes; {@code length} is
     * the block's own length;</li>
     * <li>{@code metric_rollups}: one closed one-minute window per pipeline and dimensions, every
     * {@link org.egret.api.pipeline.MetricWindow} field; each latency distribution as count, sum, max and its
     * sketch buckets as two parallel lists (upper bounds in µs, counts), so windows merge exactly;</li>
     * <li>{@code health_samples}: a pipeline's cumulative health counters at one moment, names and values as
     * parallel lists.</li>
     * </ul>
     * Rows written before v8 have NULL in the block columns and keep their bodies where they were.
     */
    private static final List<String> V8_BODY_BLOCKS_AND_METRICS = List.of(
            "ALTER TABLE http_exchanges ADD COLUMN request_body_blocks BLOB USING COMPRESSION uncompressed",
            "ALTER TABLE http_exchanges ADD COLUMN response_body_blocks BLOB USING COMPRESSION uncompressed",
            "ALTER TABLE spans ADD COLUMN request_body_blocks BLOB USING COMPRESSION uncompressed",
            "ALTER TABLE spans ADD COLUMN response_body_blocks BLOB USING COMPRESSION uncompressed",
            """
            CREATE TABLE body_blocks (
              day DATE NOT NULL,
              id BLOB NOT NULL USING COMPRESSION uncompressed,
              length INTEGER NOT NULL,
              lz4 BOOLEAN NOT NULL,
              data BLOB NOT NULL USING COMPRESSION uncompressed
            )""",
            """
            CREATE TABLE metric_rollups (
              pipeline VARCHAR NOT NULL,
              start_time TIMESTAMP NOT NULL,
              wire_api VARCHAR,
              model VARCHAR,
              server_kind VARCHAR,
              agent_kind VARCHAR,
              calls BIGINT,
              stream_calls BIGINT,
              errors_4xx BIGINT,
              errors_429 BIGINT,
              errors_5xx BIGINT,
              partial_calls BIGINT,
              input_tokens BIGINT,
              input_token_calls BIGINT,
              output_tokens BIGINT,
              output_token_calls BIGINT,
              cache_read_tokens BIGINT,
              cache_write_tokens BIGINT,
              reasoning_tokens BIGINT,
              prompt_tokens BIGINT,
              cost_usd DOUBLE,
              active_call_micros DOUBLE,
              active_calls_peak BIGINT,
              ttft_stream_count BIGINT, ttft_stream_sum_ms DOUBLE, ttft_stream_max_ms DOUBLE,
              ttft_stream_bounds BIGINT[], ttft_stream_counts BIGINT[],
              ttft_non_stream_count BIGINT, ttft_non_stream_sum_ms DOUBLE, ttft_non_stream_max_ms DOUBLE,
              ttft_non_stream_bounds BIGINT[], ttft_non_stream_counts BIGINT[],
              e2e_count BIGINT, e2e_sum_ms DOUBLE, e2e_max_ms DOUBLE, e2e_bounds BIGINT[], e2e_counts BIGINT[],
              tpot_count BIGINT, tpot_sum_ms DOUBLE, tpot_max_ms DOUBLE, tpot_bounds BIGINT[], tpot_counts BIGINT[]
            )""",
            """
            CREATE TABLE health_samples (
              sample_time TIMESTAMP NOT NULL,
              pipeline VARCHAR NOT NULL,
              state VARCHAR,
              counter_names VARCHAR[],
              counter_values BIGINT[]
            )""");

    private static final List<List<String>> STEPS = List.of(List.of(SPANS_V1, HTTP_EXCHANGES_V1), V2_COMPACT_BODIES,
            V3_LZ4_BODIES, V4_CLASSIFIED_CALLS, V5_CALL_COST, List.of(TURNS_V6), V7_CALL_SESSIONS,
            V8_BODY_BLOCKS_AND_METRICS);

    /** The schema version this code writes and reads. */
    static final int LATEST = STEPS.size();

    private SchemaMigrations() {
    }

    /**
     * Brings the database to {@link #LATEST} in one transaction; a database already there is left untouched.
     *
     * @return the version the database was at before
     * @throws StorageSetupException when the database was written by a newer Egret
     */
    static int migrate(Connection c, Path file) throws SQLException, StorageSetupException {
        return migrate(c, file, LATEST);
    }

    /** Brings the database to {@code target} (at most {@link #LATEST}); tests build older files with it. */
    static int migrate(Connection c, Path file, int target) throws SQLException, StorageSetupException {
        JdbcStatements.begin(c);
        try {
            JdbcStatements.execute(c,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER, applied_at TIMESTAMP)");
            int found;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
                rs.next();
                found = rs.getInt(1);
            }
            if (found > LATEST) {
                throw new StorageSetupException("the DuckDB database " + file + " has schema version " + found
                        + ", newer than this Egret understands (" + LATEST
                        + "): open it with the newer Egret that wrote it, or choose another database file");
            }
            for (int version = found + 1; version <= Math.min(target, LATEST); version++) {
                for (String statement : STEPS.get(version - 1)) {
                    JdbcStatements.execute(c, statement);
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO schema_migrations VALUES (?, make_timestamp(?))")) {
                    insert.setInt(1, version);
                    insert.setLong(2, System.currentTimeMillis() * 1000);
                    insert.executeUpdate();
                }
            }
            JdbcStatements.commit(c);
            return found;
        } catch (SQLException | StorageSetupException | RuntimeException e) {
            JdbcStatements.rollbackQuietly(c);
            throw e;
        }
    }
}
