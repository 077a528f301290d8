package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.turn.AgentTurn;

/**
 * {@code GET /api/export/trajectory}, {@code /api/export/trajectories} (SFT lines, NDJSON) and
 * {@code /api/export/calls} (CSV or Parquet), as file downloads. Trajectories are spooled to a temporary file
 * before the first byte is sent, so the {@code x-export-*} counts are exact headers and any failure is still an
 * error envelope; CSV streams page by page (after its first page is read), so a storage failure later cuts the
 * transfer (see {@link StreamBody}).
 */
final class ExportRoutes {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv; charset=utf-8";
    static final String PARQUET = "application/vnd.apache.parquet";
    static final int TRAJECTORIES_DEFAULT_LIMIT = 1000;
    static final int TRAJECTORIES_MAX_LIMIT = 2000;
    static final int CALLS_DEFAULT_LIMIT = 10_000;
    static final int CALLS_MAX_LIMIT = 100_000;
    /** Skip reasons beyond this length of header are summed up as a count. */
    static final int SKIP_REASONS_MAX_CHARS = 1024;

    private static final int TURN_PAGE = ListParams.MAX_PAGE_SIZE;

    private final StorageAccess storage;
    private final TurnListing turns;
    private final TurnTranscripts transcripts;

    ExportRoutes(StorageAccess storage, TurnListing turns, TranscriptReaders readers) {
        this.storage = storage;
        this.turns = turns;
        this.transcripts = new TurnTranscripts(readers);
    }

    /** {@code scope=turn&turn_id=…}: one line; {@code scope=session&session_id=…}: one multi-turn line. */
    ApiResponse trajectory(QueryParams q) throws ApiException, StorageException {
        String scope = q.single("scope");
        if (scope == null) {
            throw ApiException.invalidParameter("scope: required, one of turn, session");
        }
        return switch (scope) {
            case "turn" -> turnTrajectory(q);
            case "session" -> sessionTrajectory(q);
            default -> throw ApiException.invalidParameter(
                    "scope: '" + QueryParams.clip(scope) + "' is not one of turn, session");
        };
    }

    private ApiResponse turnTrajectory(QueryParams q) throws ApiException, StorageException {
        String id = q.single("turn_id");
        if (id == null) {
            throw ApiException.invalidParameter("turn_id: required with scope=turn");
        }
        StorageBackend s = storage.require();
        AgentTurn turn = turns.find(s, id)
                .orElseThrow(() -> ApiException.notFound("trace not found: " + QueryParams.clip(id)));
        TurnTranscripts.Reading r = transcripts.read(s, turn);
        if (!r.usable()) {
            throw ApiException.invalidParameter("turn_id: turn " + QueryParams.clip(id) + " cannot be exported: "
                    + r.skip().detail());
        }
        SpoolFile spool = SpoolFile.create(".jsonl");
        try {
            writeLine(spool.out(), r.transcript().messages(), r.transcript().tools(), turnMeta(r));
            spool.finish();
        } catch (IOException | RuntimeException e) {
            spool.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return download(spool, "trajectory-" + id + ".jsonl", 1, 1, List.of());
    }

    private ApiResponse sessionTrajectory(QueryParams q) throws ApiException, StorageException {
        String id = q.single("session_id");
        if (id == null) {
            throw ApiException.invalidParameter("session_id: required with scope=session");
        }
        StorageBackend s = storage.require();
        SessionTrajectory merged = new SessionTrajectory();
        List<TurnTranscripts.Reading> skipped = new ArrayList<>();
        List<String> turnIds = new ArrayList<>();
        TurnTranscripts.Reading first = null;
        TurnTranscripts.Reading last = null;
        long inputTokens = 0;
        long outputTokens = 0;
        int total = 0;
        for (int offset = 0;; offset += TURN_PAGE) {
            Page<AgentTurn> page = turns.page(s, TurnQuery.session(id, offset, TURN_PAGE));
            for (AgentTurn t : page.items()) {
                total++;
                TurnTranscripts.Reading r = transcripts.read(s, t);
                if (!r.usable()) {
                    skipped.add(r);
                    continue;
                }
                merged.add(r.transcript());
                turnIds.add(t.getTurnId());
                inputTokens += t.getInputTokens();
                outputTokens += t.getOutputTokens();
                first = first == null ? r : first;
                last = r;
            }
            if (page.items().size() < TURN_PAGE || offset + TURN_PAGE >= page.total()) {
                break;
            }
        }
        if (total == 0) {
            throw ApiException.notFound("session not found: " + QueryParams.clip(id));
        }
        if (last == null) {
            throw ApiException.invalidParameter("session_id: session " + QueryParams.clip(id)
                    + " cannot be exported: none of its " + total + " turns can (first: "
                    + skipped.get(0).skip().detail() + ")");
        }
        AgentTurn lastTurn = last.turn();
        SftLine.Meta meta = new SftLine.Meta("session", lastTurn.getSourceId(), id, lastTurn.getTurnId(),
                List.copyOf(turnIds), last.call().getId(), last.call().getWireApi(), lastTurn.getAgentKind(),
                last.call().getModel(), finishReason(last), inputTokens, outputTokens,
                JsonOutput.millisOrNull(first.turn().getStartTime()));
        SpoolFile spool = SpoolFile.create(".jsonl");
        try {
            writeLine(spool.out(), merged.messages(), merged.tools(), meta);
            spool.finish();
        } catch (IOException | RuntimeException e) {
            spool.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return download(spool, "trajectory-session-" + id + ".jsonl", total, merged.merged(), skipped);
    }

    /**
     * One line per turn matching the {@code /api/traces} filters, in its sort (newest first by default), at most
     * {@code limit} turns. {@code x-export-total} counts the turns looked at ({@code written + skipped}),
     * {@code x-export-matched} all that matched.
     */
    ApiResponse trajectories(QueryParams q) throws ApiException, StorageException {
        int limit = limit(q, TRAJECTORIES_DEFAULT_LIMIT, TRAJECTORIES_MAX_LIMIT);
        TurnQuery base = TraceRoutes.turnQuery(q, null, new ListParams.Paging(1, TURN_PAGE));
        StorageBackend s = storage.require();
        SpoolFile spool = SpoolFile.create(".jsonl");
        try {
            List<TurnTranscripts.Reading> skipped = new ArrayList<>();
            int total = 0;
            int written = 0;
            long matched = 0;
            for (int offset = 0; offset < limit; offset += TURN_PAGE) {
                int count = Math.min(TURN_PAGE, limit - offset);
                Page<AgentTurn> page = turns.page(s, at(base, offset, count));
                matched = offset == 0 ? page.total() : matched;
                for (AgentTurn t : page.items()) {
                    total++;
                    TurnTranscripts.Reading r = transcripts.read(s, t);
                    if (r.usable()) {
                        writeLine(spool.out(), r.transcript().messages(), r.transcript().tools(), turnMeta(r));
                        written++;
                    } else {
                        skipped.add(r);
                    }
                }
                if (page.items().size() < count) {
                    break;
                }
            }
            spool.finish();
            return download(spool, "trajectories.jsonl", total, written, skipped)
                    .withHeader("x-export-matched", Long.toString(matched));
        } catch (IOException e) {
            spool.release();
            throw new UncheckedIOException(e);
        } catch (StorageException | RuntimeException e) {
            spool.release();
            throw e;
        }
    }

    /** {@code format=csv} (default) or {@code parquet}; the {@code /api/spans} filters and sort, {@code limit}. */
    ApiResponse calls(QueryParams q) throws ApiException, StorageException {
        String format = q.single("format");
        format = format == null ? "csv" : format.toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw ApiException.invalidParameter("format: '" + QueryParams.clip(format)
                    + "' is not one of csv, parquet");
        }
        int limit = limit(q, CALLS_DEFAULT_LIMIT, CALLS_MAX_LIMIT);
        CallQuery query = SpanRoutes.callQuery(q);
        CallPages pages = new CallPages(storage.require(), query, limit);
        String total = Long.toString(pages.exported());
        if (format.equals("csv")) {
            return ApiResponse.stream(CSV, out -> CallsCsv.write(out, pages)).asAttachment("calls.csv")
                    .withHeader("x-export-total", total);
        }
        SpoolFile spool = SpoolFile.forWriter(".parquet");
        try {
            CallsParquet.write(spool, pages);
        } catch (NoClassDefFoundError e) {
            spool.release();
            throw ApiException.unavailable("format: parquet needs the DuckDB driver bundle, which is not "
                    + "installed; use format=csv");
        } catch (StorageException | RuntimeException e) {
            spool.release();
            throw e;
        }
        return ApiResponse.stream(PARQUET, spool).asAttachment("calls.parquet").withHeader("x-export-total", total);
    }

    /** {@code limit}: 1 to {@code max}; out of range is refused rather than clamped, since a file would be short. */
    static int limit(QueryParams q, int fallback, int max) throws ApiException {
        String v = q.single("limit");
        return v == null ? fallback : QueryParams.parseInt("limit", v, 1, max, "a row count from 1 to " + max);
    }

    private static TurnQuery at(TurnQuery q, int offset, int limit) {
        return new TurnQuery(q.range(), q.agentKinds(), q.sessionIds(), q.sourceIds(), q.statuses(), q.wireApis(),
                q.models(), q.clientIps(), q.serverIps(), q.includeProxyOut(), q.sortBy(), q.order(), offset, limit);
    }

    private static SftLine.Meta turnMeta(TurnTranscripts.Reading r) {
        AgentTurn t = r.turn();
        LlmCall c = r.call();
        return new SftLine.Meta("turn", t.getSourceId(), t.getSessionId(), t.getTurnId(), null, c.getId(),
                c.getWireApi(), t.getAgentKind(), c.getModel(), finishReason(r), t.getInputTokens(),
                t.getOutputTokens(), JsonOutput.millisOrNull(t.getStartTime()));
    }

    private static String finishReason(TurnTranscripts.Reading r) {
        String f = r.turn().getFinalFinishReason();
        return f != null ? f : r.call().getFinishReason();
    }

    private static void writeLine(OutputStream out, List<TranscriptMessage> messages,
            List<TranscriptTool> tools, SftLine.Meta meta) throws IOException {
        try (JsonGenerator g = JsonOutput.generator(out)) {
            SftLine.write(g, messages, tools, meta);
        }
        out.write('\n');
    }

    private static ApiResponse download(SpoolFile spool, String filename, int total, int written,
            List<TurnTranscripts.Reading> skipped) {
        return ApiResponse.stream(NDJSON, spool).asAttachment(filename)
                .withHeader("x-export-total", Integer.toString(total))
                .withHeader("x-export-written", Integer.toString(written))
                .withHeader("x-export-skipped", Integer.toString(skipped.size()))
                .withHeader("x-export-skip-reasons", skipReasons(skipped));
    }

    /**
     * {@code <turn_id>:<reason>} per skipped turn, comma-separated (reasons: {@code no_terminal_call},
     * {@code terminal_call_not_stored}, {@code no_reader}, {@code transcript_incomplete}); past
     * {@value #SKIP_REASONS_MAX_CHARS} characters the rest is {@code +N more}.
     */
    static String skipReasons(List<TurnTranscripts.Reading> skipped) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < skipped.size(); i++) {
            TurnTranscripts.Reading r = skipped.get(i);
            String item = ApiResponse.safeFilename(r.turn().getTurnId()) + ":" + r.skip().reason();
            if (b.length() + item.length() + 1 > SKIP_REASONS_MAX_CHARS) {
                b.append(b.length() > 0 ? "," : "").append('+').append(skipped.size() - i).append(" more");
                break;
            }
            b.append(b.length() > 0 ? "," : "").append(item);
        }
        return b.toString();
    }
}
