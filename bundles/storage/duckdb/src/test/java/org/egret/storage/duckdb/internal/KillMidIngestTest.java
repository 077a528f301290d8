package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} mid-ingest, for real: a child JVM writes batches to a DuckDB file and says which it committed; it
 * is killed (SIGKILL) while writing, several times over the same file. Each time the file opens cleanly and every
 * batch the child reported committed is there, whole, bodies included.
 */
class KillMidIngestTest extends DuckDbStorageTestBase {

    /** Starts the child, kills it once it reported {@code killAfter} batches; returns the last batch it reported. */
    private static int ingestAndKill(Path file, int firstBatch, int killAfter) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IngestUntilKilled.class.getName(), file.toString(), Integer.toString(firstBatch))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int last = firstBatch - 1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("opened");
            String line;
            while ((line = out.readLine()) != null) {
                last = Integer.parseInt(line.substring("committed ".length()));
                if (last - firstBatch + 1 >= killAfter) {
                    // SIGKILL, mid-way through the next batch; through the handle, which leaves the pipe open
                    // (Process.destroyForcibly closes it) so what the child printed before it died is still read
                    child.toHandle().destroyForcibly();
                    break;
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // what it printed before it died
            while ((line = out.readLine()) != null) {
                last = Integer.parseInt(line.substring("committed ".length()));
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return last;
    }

    private static long callsOfBatches(Path file, int upTo) throws Exception {
        try (Connection c = jdbc(file); PreparedStatement ps = c.prepareStatement(
                "SELECT count(DISTINCT id) FROM spans WHERE CAST(split_part(substr(id, 2), '-', 1) AS INTEGER) "
                        + "<= ?")) {
            ps.setInt(1, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void everyBatchCommittedBeforeAKillIsThereAndTheFileOpensCleanly() throws Exception {
        Path file = dir.resolve("egret.duckdb");
        int next = 1;
        for (int killAfter : new int[] {3, 11, 6}) {
            int last = ingestAndKill(file, next, killAfter);
            assertThat(last).isGreaterThanOrEqualTo(next + killAfter - 1);

            DuckDbStorage reopened = open(file);
            assertThat(reopened.status().healthy()).isTrue();
            long total = reopened.queryCalls(CallQuery.all(0, 1)).total();
            // every reported batch, and at most the one it was writing when killed (committed, not yet reported)
            assertThat(total).isBetween((long) last * IngestUntilKilled.BATCH,
                    (long) (last + 1) * IngestUntilKilled.BATCH);
            assertThat(total % IngestUntilKilled.BATCH).as("batches are all or nothing").isZero();
            for (int i : new int[] {0, 1, 2, IngestUntilKilled.BATCH - 1}) {
                String id = IngestUntilKilled.callId(last, i);
                LlmCall call = reopened.findCall(id).orElseThrow();
                byte[] request = IngestUntilKilled.request(last, i);
                assertThat(call.getRequestBody()).isEqualTo(new String(request, StandardCharsets.UTF_8));
                assertThat(call.getPartialReason()).isNull();
                ExchangeRecord x = reopened.findExchange("x-" + id).orElseThrow();
                assertThat(x.exchange().request().body()).isEqualTo(request);
                assertThat(x.exchange().response().body()).isEqualTo(ConformanceTraffic.largeStream(i));
            }
            assertThat(reopened.unreadableBodies()).isZero();
            close(reopened);
            assertThat(callsOfBatches(file, last)).isEqualTo((long) last * IngestUntilKilled.BATCH);
            next = (int) (total / IngestUntilKilled.BATCH) + 1;
        }
    }
}
