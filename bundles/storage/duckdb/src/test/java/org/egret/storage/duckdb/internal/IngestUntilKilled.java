package org.egret.storage.duckdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;

/**
 * Run in a child JVM by {@link KillMidIngestTest}: writes batches of exchanges and calls (bodies large enough to be
 * blocks) to a DuckDB file as fast as it can and prints {@code committed <batch>} after each batch's calls are
 * committed, until it is killed. A small checkpoint threshold makes checkpoints happen during the run too.
 */
public final class IngestUntilKilled {
    static final int BATCH = 100;

    private IngestUntilKilled() {
    }

    /** The id of call {@code i} of batch {@code batch}. */
    static String callId(int batch, int i) {
        return "b" + batch + "-c" + i;
    }

    /** The request body of call {@code i} of batch {@code batch}: a conversation's growing request. */
    static byte[] request(int batch, int i) {
        return AgentConversation.requests(1 + i % 3, 2_500, batch).get(i % 3);
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        int firstBatch = Integer.parseInt(args[1]);
        DuckDbStorage storage = new DuckDbStorage();
        storage.activate(TestConfigs.config("path", file, "retention_enabled", false, "checkpoint_threshold_mb", 1));
        System.out.println("opened");
        System.out.flush();
        for (int batch = firstBatch; ; batch++) {
            List<ExchangeRecord> exchanges = new ArrayList<>(BATCH);
            List<LlmCall> calls = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long t = ConformanceTraffic.T0 + batch * 1_000_000L + i;
                byte[] request = request(batch, i);
                ExchangeRecord x = ConformanceTraffic.withBodies(batch * 1000 + i, t, request,
                        ConformanceTraffic.largeStream(i));
                exchanges.add(new ExchangeRecord("x-" + callId(batch, i), x.exchange(), callId(batch, i)));
                calls.add(ConformanceTraffic.fullCall(i, t).setId(callId(batch, i)).setExchangeId("x-" + callId(batch, i))
                        .setRequestBody(new String(request, StandardCharsets.UTF_8)));
            }
            storage.writeExchanges(exchanges);
            storage.writeCalls(calls);
            System.out.println("committed " + batch);
            System.out.flush();
        }
    }
}
