package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.MetricSample;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.Test;

class MetricWindowsTest {

    /** 2026-01-01T00:00:00Z, epoch µs: a multiple of every granularity. */
    private static final long T0 = 1_767_225_600_000_000L;
    private static final long S = 1_000_000L;

    private final MetricWindows windows = new MetricWindows();

    private static LlmCall call(String model, long request, long complete) {
        return new LlmCall().setWireApi("openai-chat").setModel(model).setServerKind("openai").setAgentKind("generic")
                .setStatusCode(200).setRequestTime(request).setResponseTime(request).setCompleteTime(complete)
                .setE2eLatencyMs((complete - request) / 1000.0);
    }

    private static LlmCall call(long request) {
        return call("gpt-4o", request, request + S);
    }

    private List<MetricWindow> all(MetricGranularity g) {
        return windows.windows(MetricWindowQuery.all(g));
    }

    private static MetricWindowQuery grouped(MetricGranularity g, MetricDimension... by) {
        return new MetricWindowQuery(g, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), List.of(), List.of(), List.of(),
                Set.of(by));
    }

    @Test
    void aCallBelongsToTheWindowOfItsRequestTimeAtEveryGranularity() {
        for (MetricGranularity g : MetricGranularity.values()) {
            MetricWindows w = new MetricWindows();
            long boundary = T0 + 3 * g.micros();
            // one µs long: in flight in its own window only
            w.recordCall(call("gpt-4o", boundary - 1, boundary));
            w.recordCall(call("gpt-4o", boundary, boundary + 1));
            w.recordCall(call("gpt-4o", boundary + g.micros() - 1, boundary + g.micros()));
            List<MetricWindow> rows = w.windows(MetricWindowQuery.all(g));
            assertThat(rows).as(g.apiName()).extracting(MetricWindow::start)
                    .containsExactly(boundary - g.micros(), boundary);
            assertThat(rows).extracting(MetricWindow::calls).containsExactly(1L, 2L);
            assertThat(rows.get(1).granularity()).isEqualTo(g);
            assertThat(rows.get(1).callRate()).isEqualTo(2.0 / g.seconds());
        }
    }

    @Test
    void aMinuteIsHandedOnOnceClosedAndAgainWhenALateCallChangesIt() {
        windows.recordCall(call("gpt-4o", T0 + 5 * S, T0 + 6 * S));
        windows.recordCall(call("llama3", T0 + 7 * S, T0 + 8 * S));
        long minute = 60 * S;
        // event time one minute later: minute 0 is not past its end plus the lateness allowance yet
        windows.recordCall(call(T0 + minute + 10 * S));
        assertThat(windows.takeClosedMinutes(Long.MIN_VALUE)).isEmpty();
        windows.recordCall(call(T0 + minute + MetricWindows.ROLLUP_LATENESS + 10 * S));
        List<MetricWindow> closed = windows.takeClosedMinutes(Long.MIN_VALUE);
        // one row per model (every dimension kept apart), both of minute 0; minute 1 is not closed yet
        assertThat(closed).extracting(MetricWindow::start).containsOnly(T0);
        assertThat(closed).extracting(MetricWindow::model).containsExactlyInAnyOrder("gpt-4o", "llama3");
        assertThat(closed).allSatisfy(w -> assertThat(w.granularity()).isEqualTo(MetricGranularity.ONE_MINUTE));
        assertThat(windows.takeClosedMinutes(Long.MIN_VALUE)).as("handed on once").isEmpty();

        windows.recordCall(call("gpt-4o", T0 + 30 * S, T0 + 31 * S)); // late: minute 0 changes again
        List<MetricWindow> again = windows.takeClosedMinutes(Long.MIN_VALUE);
        assertThat(again).extracting(MetricWindow::start).containsOnly(T0);
        assertThat(again).filteredOn(w -> w.model().equals("gpt-4o")).extracting(MetricWindow::calls)
                .containsExactly(2L);

        // a live source's wall clock closes minutes without new calls; at the end every changed minute goes
        assertThat(windows.takeClosedMinutes(T0 + 2 * minute + MetricWindows.ROLLUP_LATENESS)).extracting(MetricWindow::start)
                .containsExactly(T0 + minute);
        assertThat(windows.takeAllMinutes()).extracting(MetricWindow::start)
                .containsExactly(T0 + minute + MetricWindows.ROLLUP_LATENESS);
        assertThat(windows.takeAllMinutes()).isEmpty();
    }

    @Test
    void coarserWindowsAddUpTheFinerOnes() {
        Random r = new Random(7);
        for (int i = 0; i < 3000; i++) {
            windows.recordCall(call(T0 + (long) (r.nextDouble() * 2 * 3600 * S)));
        }
        for (MetricGranularity g : MetricGranularity.values()) {
            List<MetricWindow> rows = all(g);
            assertThat(rows.stream().mapToLong(MetricWindow::calls).sum()).as(g.apiName()).isEqualTo(3000);
            assertThat(rows).allSatisfy(w -> assertThat(w.start() % g.micros()).isZero());
        }
        assertThat(all(MetricGranularity.ONE_HOUR)).hasSize(2);
        assertThat(all(MetricGranularity.FIVE_MINUTES)).hasSize(24);
    }

    @Test
    void countsErrorsTokensCacheAndCostPerWindow() {
        windows.recordCall(call(T0).setStream(true).setInputTokens(1000).setOutputTokens(50)
                .setCacheReadInputTokens(600).setReasoningTokens(10).setCostUsd(0.01).setTtftMs(200.0)
                .setTpotMs(20.0));
        windows.recordCall(call(T0 + S).setStatusCode(429));
        windows.recordCall(call(T0 + 2 * S).setStatusCode(503));
        windows.recordCall(call(T0 + 3 * S).setStatusCode(0).setPartial(true));
        windows.recordCall(new LlmCall().setWireApi("anthropic").setModel("claude").setServerKind("anthropic")
                .setAgentKind("claude-cli").setStatusCode(200).setRequestTime(T0 + 4 * S).setInputTokens(100)
                .setOutputTokens(10).setCacheReadInputTokens(800).setCacheCreationInputTokens(100)
                .setTtftMs(900.0));

        MetricWindow w = all(MetricGranularity.TEN_SECONDS).get(0);
        assertThat(w.calls()).isEqualTo(5);
        assertThat(w.streamCalls()).isEqualTo(1);
        assertThat(w.nonStreamCalls()).isEqualTo(4);
        assertThat(w.errors4xx()).isEqualTo(1);
        assertThat(w.errors429()).isEqualTo(1);
        assertThat(w.errors5xx()).isEqualTo(1);
        assertThat(w.errors()).isEqualTo(2);
        assertThat(w.partialCalls()).isEqualTo(1);
        assertThat(w.inputTokens()).isEqualTo(1100);
        assertThat(w.inputTokenCalls()).isEqualTo(2);
        assertThat(w.outputTokens()).isEqualTo(60);
        assertThat(w.outputTokensPerSecond()).isEqualTo(6.0);
        assertThat(w.reasoningTokens()).isEqualTo(10);
        assertThat(w.cacheReadTokens()).isEqualTo(1400);
        assertThat(w.cacheWriteTokens()).isEqualTo(100);
        // OpenAI's 1000 input include its 600 cached; Anthropic's 100 exclude its 800 read and 100 written
        assertThat(w.promptTokens()).isEqualTo(1000 + 1000);
        assertThat(w.cacheHitRatio()).isEqualTo(1400 / 2000.0);
        assertThat(w.costUsd()).isEqualTo(0.01, within(1e-15));
        assertThat(w.ttftStream().count()).isEqualTo(1);
        assertThat(w.ttftNonStream().count()).isEqualTo(1);
        assertThat(w.ttft().count()).isEqualTo(2);
        assertThat(w.ttft().maxMs()).isEqualTo(900.0);
        assertThat(w.tpot().avgMs()).isEqualTo(20.0);
    }

    @Test
    void percentilesAreWithinTheSketchErrorOfTheExactValuesAndMaxAndAvgAreExact() {
        Random r = new Random(42);
        double[] e2e = new double[20_000];
        double sum = 0;
        for (int i = 0; i < e2e.length; i++) {
            long request = T0 + r.nextInt(10) * S;
            long micros = 1000 + (long) Math.exp(9 + 2.5 * r.nextGaussian());
            e2e[i] = micros / 1000.0;
            sum += e2e[i];
            windows.recordCall(call("gpt-4o", request, request + micros));
        }
        Arrays.sort(e2e);
        LatencyStats s = all(MetricGranularity.TEN_SECONDS).get(0).e2e();
        assertThat(s.count()).isEqualTo(e2e.length);
        assertThat(s.maxMs()).isEqualTo(e2e[e2e.length - 1]);
        assertThat(s.avgMs()).isCloseTo(sum / e2e.length, within(1e-9 * sum / e2e.length));
        assertThat(s.p50Ms()).isCloseTo(exact(e2e, 50), within(exact(e2e, 50) * 0.01));
        assertThat(s.p95Ms()).isCloseTo(exact(e2e, 95), within(exact(e2e, 95) * 0.01));
        assertThat(s.p99Ms()).isCloseTo(exact(e2e, 99), within(exact(e2e, 99) * 0.01));
        // the API's reading of the buckets is the library's
        LatencyStats again = LatencyStats.of(s.count(), s.sumMs(), s.maxMs(), s.buckets());
        assertThat(again.p50Ms()).isEqualTo(s.p50Ms());
        assertThat(again.p95Ms()).isEqualTo(s.p95Ms());
        assertThat(again.p99Ms()).isEqualTo(s.p99Ms());
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static double exact(double[] sorted, double p) {
        int rank = (int) Math.max(1, Math.ceil(p / 100 * sorted.length));
        return sorted[rank - 1];
    }

    @Test
    void mergingSeriesAwayKeepsThePercentilesOfTheMergedCalls() {
        Random r = new Random(3);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            String model = "m" + i % 3;
            long micros = 1000 + (long) ((i % 3 + 1) * 100_000 * r.nextDouble());
            values.add(micros / 1000.0);
            windows.recordCall(call(model, T0, T0 + micros));
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        List<MetricWindow> byModel = windows.windows(grouped(MetricGranularity.ONE_MINUTE, MetricDimension.MODEL));
        assertThat(byModel).extracting(MetricWindow::model).containsExactly("m0", "m1", "m2");
        assertThat(byModel.get(0).wireApi()).as("merged away").isNull();
        MetricWindow one = all(MetricGranularity.ONE_MINUTE).get(0);
        assertThat(one.model()).isNull();
        assertThat(one.calls()).isEqualTo(6000);
        assertThat(one.e2e().p95Ms()).isCloseTo(exact(sorted, 95), within(exact(sorted, 95) * 0.01));
        // and the API's merge of the model rows is the same distribution
        LatencyStats merged = byModel.get(0).e2e().plus(byModel.get(1).e2e()).plus(byModel.get(2).e2e());
        assertThat(merged.p95Ms()).isEqualTo(one.e2e().p95Ms());
        assertThat(merged.p99Ms()).isEqualTo(one.e2e().p99Ms());
        assertThat(merged.maxMs()).isEqualTo(one.e2e().maxMs());
    }

    @Test
    void activeCallsAverageAndPeakComeFromEachCallsOwnInterval() {
        // decoded out of order, as calls are (each when it ends): [5,12) [2,6) [0,4) [1,3) seconds
        windows.recordCall(call("gpt-4o", T0 + 5 * S, T0 + 12 * S));
        windows.recordCall(call("gpt-4o", T0 + 2 * S, T0 + 6 * S));
        windows.recordCall(call("gpt-4o", T0, T0 + 4 * S));
        windows.recordCall(call("gpt-4o", T0 + S, T0 + 3 * S));
        assertActive(3, 1);

        // far later calls make those windows final: the same numbers, now stored
        windows.recordCall(call("gpt-4o", T0 + 3600 * S, T0 + 3601 * S));
        assertActive(3, 1);
        MetricWindow minute = all(MetricGranularity.ONE_MINUTE).get(0);
        assertThat(minute.activeCallsPeak()).isEqualTo(3);
        assertThat(minute.activeCallsAvg()).isCloseTo(17.0 / 60, within(1e-12));
    }

    private void assertActive(long peak0, long peak1) {
        List<MetricWindow> rows = all(MetricGranularity.TEN_SECONDS);
        // [0,10): 4 + 2 + 4 + 5 call-seconds, three at once in [2,3); [10,20): the last call's 2 s
        assertThat(rows.get(0).activeCallsAvg()).isCloseTo(1.5, within(1e-12));
        assertThat(rows.get(0).activeCallsPeak()).isEqualTo(peak0);
        assertThat(rows.get(1).start()).isEqualTo(T0 + 10 * S);
        assertThat(rows.get(1).calls()).as("no request in it, one call in flight").isZero();
        assertThat(rows.get(1).activeCallsAvg()).isCloseTo(0.2, within(1e-12));
        assertThat(rows.get(1).activeCallsPeak()).isEqualTo(peak1);
    }

    @Test
    void anEarlierCallIsNotLateForThePeaksUntilItsWindowsAreFinal() {
        windows.recordCall(call("gpt-4o", T0 + 600 * S, T0 + 601 * S));
        windows.recordCall(call("gpt-4o", T0, T0 + 2 * S)); // ten minutes before: within the horizon
        windows.recordCall(call("gpt-4o", T0 + S, T0 + 3 * S));
        assertThat(windows.lateActiveCalls()).isZero();
        assertThat(all(MetricGranularity.TEN_SECONDS).get(0).activeCallsPeak()).isEqualTo(2);

        windows.recordCall(call("gpt-4o", T0 + 3600 * S, T0 + 3601 * S));
        assertThat(windows.lateActiveCalls()).isZero(); // a read applies the buffered calls: the first windows are final
        windows.recordCall(call("gpt-4o", T0 + S, T0 + 5 * S));
        assertThat(windows.lateActiveCalls()).as("began before the final windows").isEqualTo(1);
        MetricWindow first = all(MetricGranularity.TEN_SECONDS).get(0);
        assertThat(first.calls()).isEqualTo(3);
        assertThat(first.activeCallsAvg()).as("its time in flight still counts").isCloseTo(0.8, within(1e-12));
    }

    @Test
    void thePeakOfMergedSeriesIsThePeakOfTheirSumNotTheLargestPart() {
        // two models each with one call at a time, overlapping each other: 2 in flight at once overall
        windows.recordCall(call("a", T0, T0 + 4 * S));
        windows.recordCall(call("b", T0 + 2 * S, T0 + 6 * S));
        windows.recordCall(call("a", T0 + 5 * S, T0 + 7 * S));
        for (boolean fin : new boolean[] {false, true}) {
            if (fin) {
                windows.recordCall(call("c", T0 + 7200 * S, T0 + 7201 * S));
            }
            List<MetricWindow> byModel = windows.windows(new MetricWindowQuery(MetricGranularity.TEN_SECONDS, T0,
                    T0 + 10 * S, List.of(), List.of(), List.of(), List.of(), Set.of(MetricDimension.MODEL)));
            assertThat(byModel).extracting(MetricWindow::activeCallsPeak).as("final " + fin).containsExactly(1L, 1L);
            List<MetricWindow> total = windows.windows(new MetricWindowQuery(MetricGranularity.TEN_SECONDS, T0,
                    T0 + 10 * S, List.of(), List.of(), List.of(), List.of(), Set.of()));
            assertThat(total.get(0).activeCallsPeak()).as("final " + fin).isEqualTo(2);
            List<MetricWindow> onlyA = windows.windows(new MetricWindowQuery(MetricGranularity.TEN_SECONDS, T0,
                    T0 + 10 * S, List.of(), List.of("a"), List.of(), List.of(), Set.of()));
            assertThat(onlyA.get(0).activeCallsPeak()).as("final " + fin).isEqualTo(1);
            assertThat(onlyA.get(0).calls()).isEqualTo(2);
        }
    }

    @Test
    void callsOlderThanTheRetainedWindowsAreCountedLateNotLost() {
        long newest = T0 + 40L * 86_400 * S;
        windows.recordCall(call(newest));
        windows.recordCall(call(newest - 7 * 3600 * S)); // past 6 h: the 10 s windows miss it, 1 min still has it
        windows.recordCall(call(newest - 31L * 86_400 * S)); // past every retention
        assertThat(windows.lateCalls()).isEqualTo(2);
        assertThat(all(MetricGranularity.TEN_SECONDS)).extracting(MetricWindow::calls).containsExactly(1L);
        assertThat(all(MetricGranularity.ONE_MINUTE)).extracting(MetricWindow::calls).containsExactly(1L, 1L);
        assertThat(all(MetricGranularity.ONE_HOUR).stream().mapToLong(MetricWindow::calls).sum()).isEqualTo(2);
    }

    @Test
    void retentionDropsOldWindowsAsEventTimeMovesOn() {
        windows.recordCall(call(T0));
        windows.recordCall(call(T0 + 3 * 86_400 * S));
        assertThat(all(MetricGranularity.TEN_SECONDS)).hasSize(1);
        assertThat(all(MetricGranularity.ONE_MINUTE)).hasSize(1).allSatisfy(w -> assertThat(w.start())
                .isEqualTo(T0 + 3 * 86_400 * S));
        assertThat(all(MetricGranularity.FIVE_MINUTES)).hasSize(2);
        assertThat(all(MetricGranularity.ONE_HOUR)).hasSize(2);
        assertThat(windows.lateCalls()).isZero();
    }

    @Test
    void closedWindowsKeepTheirNumbersAndStillTakeALateCall() {
        windows.recordCall(call("gpt-4o", T0, T0 + 300_000));
        windows.recordCall(call("gpt-4o", T0 + S, T0 + S + 900_000));
        windows.recordCall(call(T0 + 3600 * S)); // the first window is long closed now
        windows.recordCall(call("gpt-4o", T0 + 2 * S, T0 + 2 * S + 600_000));
        LatencyStats e2e = all(MetricGranularity.TEN_SECONDS).get(0).e2e();
        assertThat(e2e.count()).isEqualTo(3);
        assertThat(e2e.maxMs()).isEqualTo(900.0);
        assertThat(e2e.p50Ms()).isCloseTo(600.0, within(6.0));
    }

    @Test
    void labelSetsPastTheCapAreCountedUnderOther() {
        int models = MetricWindows.MAX_SERIES + 50;
        for (int i = 0; i < models; i++) {
            windows.recordCall(call("model-" + i, T0, T0 + S));
        }
        List<MetricWindow> rows = windows.windows(grouped(MetricGranularity.ONE_HOUR, MetricDimension.values()));
        assertThat(rows).hasSize(MetricWindows.MAX_SERIES + 1);
        assertThat(rows.stream().filter(w -> "other".equals(w.model())).findFirst().orElseThrow().calls())
                .isEqualTo(50);
        assertThat(rows.stream().mapToLong(MetricWindow::calls).sum()).isEqualTo(models);
    }

    @Test
    void workersRecordConcurrentlyWithoutLosingACall() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    windows.recordCall(call("m" + id, T0 + i * 1000L, T0 + i * 1000L + 500).setInputTokens(3));
                    if (i % 5000 == 0) {
                        windows.windows(MetricWindowQuery.all(MetricGranularity.ONE_MINUTE)); // reads meanwhile
                    }
                }
            }));
        }
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<MetricWindow> rows = all(MetricGranularity.ONE_HOUR);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).calls()).isEqualTo(threads * perThread);
        assertThat(rows.get(0).inputTokens()).isEqualTo(3L * threads * perThread);
        assertThat(rows.get(0).e2e().count()).isEqualTo(threads * perThread);
    }

    private static AgentTurn turn(String kind, long start, long durationMs) {
        return new AgentTurn().setAgentKind(kind).setStatus(TurnStatus.COMPLETE).setStartTime(start)
                .setEndTime(start + durationMs * 1000).setCallCount(3).setToolCallCount(4).setToolResultCount(4)
                .setInputTokens(100).setOutputTokens(10);
    }

    @Test
    void turnsGiveCallsPerTurnToolSuccessPlanLoopsAndNoSubmits() {
        windows.recordTurn(turn("claude-cli", T0, 1000).setToolErrorCount(1));
        windows.recordTurn(turn("claude-cli", T0 + S, 3000).setPlanLoop(new PlanLoop("Read", "{}", 3)));
        windows.recordTurn(turn("claude-cli", T0 + 2 * S, 2000).setStatus(TurnStatus.INCOMPLETE).setNoSubmit(true)
                .setCallCount(6).setToolErrorCount(3));
        windows.recordTurn(turn("codex-cli", T0 + 3 * S, 500));
        windows.recordTurn(turn("codex-cli", T0 - 10L * 86_400 * S, 500)); // older than the 10 s windows keep

        List<AgentWindow> rows = windows.agentWindows(grouped(MetricGranularity.ONE_MINUTE,
                MetricDimension.AGENT_KIND));
        assertThat(rows).extracting(AgentWindow::agentKind).containsExactly("claude-cli", "codex-cli");
        AgentWindow claude = rows.get(0);
        assertThat(claude.turns()).isEqualTo(3);
        assertThat(claude.completeTurns()).isEqualTo(2);
        assertThat(claude.callsPerTurn()).isEqualTo(4.0);
        assertThat(claude.toolCalls()).isEqualTo(12);
        assertThat(claude.toolSuccessRate()).isEqualTo(8 / 12.0);
        assertThat(claude.planLoopTurns()).isEqualTo(1);
        assertThat(claude.noSubmitTurns()).isEqualTo(1);
        assertThat(claude.duration().maxMs()).isEqualTo(3000.0);
        assertThat(claude.duration().avgMs()).isEqualTo(2000.0);
        assertThat(claude.duration().p50Ms()).isCloseTo(2000.0, within(20.0));
        assertThat(claude.lastSeen()).isEqualTo(T0 + 4 * S);
        assertThat(rows.get(1).toolSuccessRate()).isEqualTo(1.0);
        assertThat(windows.lateTurns()).isEqualTo(1);

        List<AgentWindow> merged = windows.agentWindows(MetricWindowQuery.all(MetricGranularity.ONE_MINUTE));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).agentKind()).isNull();
        assertThat(merged.get(0).turns()).isEqualTo(4);
    }

    @Test
    void gaugesDescribeTheLastMinute() {
        windows.recordCall(call("gpt-4o", T0, T0 + 2 * S).setTtftMs(100.0));
        windows.recordCall(call("gpt-4o", T0 + 61 * S, T0 + 62 * S).setTtftMs(300.0));
        windows.recordTurn(turn("claude-cli", T0 + 60 * S, 1000).setToolErrorCount(1));
        List<MetricSample> running = windows.samples(true);
        assertThat(gauge(running, "egret_window_start_seconds", null)).isEqualTo(T0 / S);
        assertThat(gauge(running, "egret_window_ttft_seconds", "0.5")).isEqualTo(0.1, within(0.001));
        List<MetricSample> drained = windows.samples(false);
        assertThat(gauge(drained, "egret_window_start_seconds", null)).isEqualTo(T0 / S + 60);
        assertThat(gauge(drained, "egret_window_ttft_seconds", "0.99")).isEqualTo(0.3, within(0.003));
        assertThat(gauge(drained, "egret_window_e2e_seconds", "0.95")).isEqualTo(1.0, within(0.01));
        assertThat(gauge(drained, "egret_window_tool_success_ratio", null)).isEqualTo(0.75);
        assertThat(gauge(drained, "egret_window_calls", null)).isEqualTo(1);
    }

    private static double gauge(List<MetricSample> samples, String name, String quantile) {
        return samples.stream().filter(s -> s.name().equals(name)
                && (quantile == null || quantile.equals(s.labels().get("quantile")))).findFirst().orElseThrow()
                .value();
    }

    @Test
    void aBrokenFutureTimestampIsCountedAndAgesNoWindowOut() {
        windows.recordCall(call(T0));
        windows.recordCall(call(4_102_444_800_000_000L)); // 2100-01-01
        windows.recordCall(call(T0 + 10 * S));
        assertThat(all(MetricGranularity.TEN_SECONDS)).extracting(MetricWindow::calls).containsExactly(1L, 1L);
        assertThat(windows.lateCalls()).isEqualTo(1);
    }
}
