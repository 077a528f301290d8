package org.egret.storage.duckdb.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.Endpoint;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast body-heavy traffic is stored, the way the pipeline's storage sink writes it: per batch one
 * {@code writeExchanges} (request JSON + raw SSE text) and then one {@code writeCalls} (the same request text again
 * + the rebuilt JSON). Numbers are printed, never asserted. The default run is small so the build stays quick; run
 * the full size with {@code -Degret.bench.calls=5000} (and {@code -Degret.bench.batch=...},
 * {@code -Degret.bench.requestKb=...}, {@code -Degret.bench.sseKb=...}).
 */
class BodyThroughputTest extends DuckDbStorageTestBase {
    private static final String[] WORDS = ("the of and to in is that for it as with was on be by this are or from at "
            + "an which but not have has had were can will would should could may might function return value "
            + "request response model token stream tool call argument json object array string number error "
            + "weather city temperature file path read write update delete create user assistant system message "
            + "content reasoning summary context window latency throughput storage database column row batch "
            + "Zürich naïve résumé 日本語 テキスト 🦅 ∑ quick brown fox jumps over lazy dog lorem ipsum dolor sit amet")
            .split(" ");

    @Test
    void storesBodyHeavyTraffic() throws Exception {
        int calls = Integer.getInteger("egret.bench.calls", 500);
        int batchSize = Integer.getInteger("egret.bench.batch", 5000);
        int requestKb = Integer.getInteger("egret.bench.requestKb", 20);
        int sseKb = Integer.getInteger("egret.bench.sseKb", 40);
        Random random = new Random(42);

        List<List<ExchangeRecord>> exchangeBatches = new ArrayList<>();
        List<List<LlmCall>> callBatches = new ArrayList<>();
        long bodyBytes = 0;
        for (int start = 0; start < calls; start += batchSize) {
            int n = Math.min(batchSize, calls - start);
            List<ExchangeRecord> xs = new ArrayList<>(n);
            List<LlmCall> cs = new ArrayList<>(n);
            for (int i = start; i < start + n; i++) {
                long t = ConformanceTraffic.T0 + i * 20_000L;
                String request = requestJson(random, requestKb * 1024, i);
                String sse = sseText(random, sseKb * 1024, i);
                String rebuilt = rebuiltJson(random, i);
                byte[] requestBytes = request.getBytes(StandardCharsets.UTF_8);
                byte[] sseBytes = sse.getBytes(StandardCharsets.UTF_8);
                String callId = ConformanceTraffic.id(i);
                String exchangeId = "x-" + callId;
                HttpRequest q = new HttpRequest("POST", "/v1/chat/completions", "HTTP/1.1",
                        List.of(new HttpHeader("Host", "api.example.test"),
                                new HttpHeader("Content-Type", "application/json"),
                                new HttpHeader("Authorization", "Bearer [redacted]")),
                        requestBytes, requestBytes.length, false, t, t + 900);
                HttpResponse p = new HttpResponse(200, "OK", "HTTP/1.1",
                        List.of(new HttpHeader("Content-Type", "text/event-stream; charset=utf-8"),
                                new HttpHeader("Transfer-Encoding", "chunked")),
                        sseBytes, sseBytes.length, false, List.of(), t + 300_000, t + 4_000_000, true);
                xs.add(new ExchangeRecord(exchangeId, new HttpExchange("pcap:/bench.pcap",
                        new Endpoint("10.0.0.2", 40_000 + i % 20_000), new Endpoint("10.0.0.9", 443), q, p, null),
                        callId));
                LlmCall c = ConformanceTraffic.fullCall(i, t).setExchangeId(exchangeId)
                        .setRequestBody(new String(requestBytes, StandardCharsets.UTF_8)).setResponseBody(rebuilt);
                cs.add(c);
                bodyBytes += requestBytes.length + sseBytes.length + requestBytes.length
                        + rebuilt.getBytes(StandardCharsets.UTF_8).length;
            }
            exchangeBatches.add(xs);
            callBatches.add(cs);
        }

        Path file = dir.resolve("bench.duckdb");
        DuckDbStorage storage = open(file);
        System.gc();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long exchangeNanos = 0;
        long cpu0 = processCpuNanos();
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int b = 0; b < exchangeBatches.size(); b++) {
            long x0 = System.nanoTime();
            storage.writeExchanges(exchangeBatches.get(b));
            exchangeNanos += System.nanoTime() - x0;
            storage.writeCalls(callBatches.get(b));
        }
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        long thread1 = threads.getCurrentThreadCpuTime();
        close(storage);
        long t2 = System.nanoTime();
        long cpu2 = processCpuNanos();

        double seconds = (t1 - t0) / 1e9;
        double mb = bodyBytes / 1e6;
        double cpuSeconds = (cpu1 - cpu0) / 1e9;
        double closeSeconds = (t2 - t1) / 1e9;
        double closeCpu = (cpu2 - cpu1) / 1e9;
        System.out.printf("body throughput: %,d calls (+%,d exchanges) in batches of %,d, %.1f MB of bodies: "
                        + "%.2f s (exchanges %.2f s) = %.1f MB/s, %,.0f rows/s; CPU %.2f s (writer thread %.2f s) = %.1f CPU ms/MB; "
                        + "close+checkpoint %.2f s (CPU %.2f s); incl. close %.1f MB/s, %.1f CPU ms/MB; "
                        + "file %.1f MB%n",
                calls, calls, batchSize, mb, seconds, exchangeNanos / 1e9, mb / seconds, 2 * calls / seconds, cpuSeconds,
                (thread1 - thread0) / 1e9, cpuSeconds * 1000 / mb, closeSeconds, closeCpu,
                mb / (seconds + closeSeconds), (cpuSeconds + closeCpu) * 1000 / mb, Files.size(file) / 1e6);
    }

    /** utime + stime of the whole process (all threads, DuckDB's included), from /proc when there is one. */
    static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (Exception e) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    private static String words(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String requestJson(Random r, int size, int n) {
        StringBuilder sb = new StringBuilder(size + 512);
        sb.append("{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[");
        sb.append("{\"role\":\"system\",\"content\":\"You are a helpful assistant. Session ").append(n).append("\"}");
        while (sb.length() < size) {
            sb.append(",{\"role\":\"").append(r.nextBoolean() ? "user" : "assistant").append("\",\"content\":\"")
                    .append(words(r, 40 + r.nextInt(200))).append("\"}");
        }
        return sb.append("],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}").toString();
    }

    private static String sseText(Random r, int size, int n) {
        StringBuilder sb = new StringBuilder(size + 512);
        long created = 1_795_683_600L + n;
        while (sb.length() < size) {
            sb.append("data: {\"id\":\"chatcmpl-B").append(n).append("x9\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":").append(created).append(",\"model\":\"gpt-4o-2024-08-06\","
                    + "\"system_fingerprint\":\"fp_a7d06e42a7\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
                    .append(WORDS[r.nextInt(WORDS.length)]).append(' ')
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString();
    }

    private static String rebuiltJson(Random r, int n) {
        return "{\"id\":\"chatcmpl-B" + n + "x9\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + words(r, 500)
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5000,\"completion_tokens\":500}}";
    }
}
