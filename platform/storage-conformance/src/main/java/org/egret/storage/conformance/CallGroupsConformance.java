package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallGroupQuery;
import org.egret.api.storage.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link org.egret.api.storage.StorageBackend#groupCalls}: every key alone and in combinations, the filters, the
 * range, the limit and the order, each checked against the same groups summed up here in Java from the calls
 * written. Counts, token sums and first/last seen must match exactly, cost and averages to rounding, the 95th
 * percentiles (linear interpolation between the closest ranks) within {@value #P95_TOLERANCE_PERCENT} %.
 */
public abstract class CallGroupsConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;
    /** What {@link CallGroup}'s javadoc allows a backend's approximate quantiles. */
    static final double P95_TOLERANCE_PERCENT = 1.0;

    private List<LlmCall> calls;

    /**
     * Forty-eight calls a second apart, attributes spread so that every key has several groups, ties in call count,
     * a null value, and groups without any latency; then three calls cut off before any response.
     */
    static List<LlmCall> groupedCalls() {
        String[] wireApis = {"openai-chat", "anthropic", "openai-responses"};
        String[] paths = {"/v1/chat/completions", "/v1/messages", "/v1/responses"};
        String[] agentKinds = {"claude-cli", "codex-cli", "opencode", null};
        int[] statuses = {200, 200, 429, 200, 500, 200, 400, 200, 0, 503, 200, 404};
        List<LlmCall> out = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int api = i % 3;
            String model = switch (api) {
                case 0 -> i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini";
                case 1 -> "claude-sonnet-4";
                default -> "o4-mini";
            };
            int status = statuses[i % statuses.length];
            out.add(ConformanceTraffic.fullCall(i, T0 + i * SECOND)
                    .setWireApi(wireApis[api])
                    .setRequestPath(paths[api])
                    .setModel(i % 11 == 10 ? null : model)
                    .setServerIp(i % 4 < 3 ? "10.0.0.8" : "10.0.0.9")
                    .setServerPort(i % 5 == 0 ? 443 : i % 5 == 1 ? 80 : 8080)
                    .setClientIp("10.20.30." + i % 2)
                    .setHost(i % 2 == 0 ? "api.openai.test" : "gateway.internal.test")
                    .setServerKind(i % 5 == 4 ? null : i % 3 == 0 ? "vllm" : "openai")
                    .setAgentKind(agentKinds[i % 4])
                    .setStatusCode(status)
                    .setFinishReason(status == 200 ? (i % 2 == 0 ? "stop" : "tool_calls") : null)
                    .setStream(i % 3 != 1)
                    .setInputTokens(i % 7 == 3 ? null : 10 * i + 5)
                    .setOutputTokens(i % 6 == 5 ? null : i * 3)
                    .setCostUsd(i % 5 == 2 ? null : 0.001 * (i + 1))
                    .setTtftMs(i % 8 == 7 ? null : 100.0 + i * 37 % 97)
                    .setE2eLatencyMs(i % 9 == 4 ? null : 1000.0 + (i * 53 % 211) * 10));
        }
        for (int k = 0; k < 3; k++) {
            out.add(ConformanceTraffic.bareCall(100 + k, T0 + (48 + k) * SECOND).setServerPort(11434));
        }
        return out;
    }

    private void storeGrouped() throws Exception {
        calls = groupedCalls();
        List<LlmCall> shuffled = new ArrayList<>(calls);
        Collections.rotate(shuffled, 17);
        writeCalls(shuffled);
    }

    // ---- the groups in Java ----

    static String keyValue(LlmCall c, CallGroupKey key) {
        return switch (key) {
            case WIRE_API -> c.getWireApi();
            case MODEL -> c.getModel();
            case SERVER_IP -> c.getServerIp();
            case SERVER_PORT -> String.valueOf(c.getServerPort());
            case CLIENT_IP -> c.getClientIp();
            case AGENT_KIND -> c.getAgentKind();
            case FINISH_REASON -> c.getFinishReason();
            case STATUS_CODE -> c.getStatusCode() == 0 ? null : String.valueOf(c.getStatusCode());
            case REQUEST_PATH -> c.getRequestPath();
            case HOST -> c.getHost();
            case SERVER_KIND -> c.getServerKind();
        };
    }

    private static boolean numeric(CallGroupKey key) {
        return key == CallGroupKey.SERVER_PORT || key == CallGroupKey.STATUS_CODE;
    }

    /** The contract's order: call count descending, then the key values ascending (numbers as numbers), nulls last. */
    static Comparator<CallGroup> order(List<CallGroupKey> keys) {
        Comparator<CallGroup> c = Comparator.comparingLong(CallGroup::callCount).reversed();
        for (int i = 0; i < keys.size(); i++) {
            int at = i;
            Comparator<String> values = numeric(keys.get(i)) ? Comparator.comparingLong(Long::parseLong)
                    : Comparator.naturalOrder();
            c = c.thenComparing(g -> g.key().get(at), Comparator.nullsLast(values));
        }
        return c;
    }

    static List<CallGroup> expected(List<LlmCall> calls, List<CallGroupKey> keys, Predicate<LlmCall> filter,
            int limit) {
        Map<List<String>, List<LlmCall>> byKey = new LinkedHashMap<>();
        for (LlmCall c : calls) {
            if (filter.test(c)) {
                List<String> key = new ArrayList<>();
                keys.forEach(k -> key.add(keyValue(c, k)));
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            }
        }
        return byKey.entrySet().stream().map(e -> summed(e.getKey(), e.getValue())).sorted(order(keys))
                .limit(limit).toList();
    }

    private static CallGroup summed(List<String> key, List<LlmCall> group) {
        long errors = 0;
        long e4xx = 0;
        long e429 = 0;
        long e5xx = 0;
        long streams = 0;
        long input = 0;
        long output = 0;
        double cost = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<Double> ttft = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        for (LlmCall c : group) {
            int s = c.getStatusCode();
            errors += s >= 400 ? 1 : 0;
            e4xx += s >= 400 && s < 500 ? 1 : 0;
            e429 += s == 429 ? 1 : 0;
            e5xx += s >= 500 ? 1 : 0;
            streams += c.isStream() ? 1 : 0;
            input += c.getInputTokens() == null ? 0 : c.getInputTokens();
            output += c.getOutputTokens() == null ? 0 : c.getOutputTokens();
            cost += c.getCostUsd() == null ? 0 : c.getCostUsd();
            first = Math.min(first, c.getRequestTime());
            last = Math.max(last, c.getRequestTime());
            if (c.getTtftMs() != null) {
                ttft.add(c.getTtftMs());
            }
            if (c.getE2eLatencyMs() != null) {
                e2e.add(c.getE2eLatencyMs());
            }
        }
        return new CallGroup(key, group.size(), errors, e4xx, e429, e5xx, streams, input, output, cost, mean(ttft),
                p95(ttft), mean(e2e), p95(e2e), first, last);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Linear interpolation between the closest ranks, as {@code quantile_cont} and numpy's default. */
    static Double p95(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        double index = 0.95 * (sorted.size() - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (index - below) * (sorted.get(above) - sorted.get(below));
    }

    /** A filter's test: a missing value matches no list. */
    private static boolean oneOf(String value, String... accepted) {
        return value != null && List.of(accepted).contains(value);
    }

    // ---- assertions ----

    private List<CallGroup> grouped(CallGroupQuery q) throws Exception {
        return storage.groupCalls(q);
    }

    private static void assertGroups(List<CallGroup> actual, List<CallGroup> expected, String what) {
        assertThat(actual).extracting(CallGroup::key).as("%s: the groups, in order", what)
                .containsExactlyElementsOf(expected.stream().map(CallGroup::key).toList());
        for (int i = 0; i < expected.size(); i++) {
            CallGroup a = actual.get(i);
            CallGroup e = expected.get(i);
            String g = what + " " + e.key();
            assertThat(a.callCount()).as("%s calls", g).isEqualTo(e.callCount());
            assertThat(a.errorCount()).as("%s errors", g).isEqualTo(e.errorCount());
            assertThat(a.error4xxCount()).as("%s 4xx", g).isEqualTo(e.error4xxCount());
            assertThat(a.error429Count()).as("%s 429", g).isEqualTo(e.error429Count());
            assertThat(a.error5xxCount()).as("%s 5xx", g).isEqualTo(e.error5xxCount());
            assertThat(a.streamCount()).as("%s streams", g).isEqualTo(e.streamCount());
            assertThat(a.inputTokens()).as("%s input tokens", g).isEqualTo(e.inputTokens());
            assertThat(a.outputTokens()).as("%s output tokens", g).isEqualTo(e.outputTokens());
            assertThat(a.costUsd()).as("%s cost", g).isCloseTo(e.costUsd(), within(1e-9));
            assertMean(a.ttftAvgMs(), e.ttftAvgMs(), g + " ttft avg");
            assertP95(a.ttftP95Ms(), e.ttftP95Ms(), g + " ttft p95");
            assertMean(a.e2eAvgMs(), e.e2eAvgMs(), g + " e2e avg");
            assertP95(a.e2eP95Ms(), e.e2eP95Ms(), g + " e2e p95");
            assertThat(a.firstSeenMicros()).as("%s first seen", g).isEqualTo(e.firstSeenMicros());
            assertThat(a.lastSeenMicros()).as("%s last seen", g).isEqualTo(e.lastSeenMicros());
        }
    }

    private static void assertMean(Double actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what + ": no call has one").isNull();
        } else {
            assertThat(actual).as(what).isNotNull().isCloseTo(expected, within(1e-6));
        }
    }

    private static void assertP95(Double actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what + ": no call has one").isNull();
        } else {
            assertThat(actual).as(what).isNotNull().isCloseTo(expected, withinPercentage(P95_TOLERANCE_PERCENT));
        }
    }

    private void assertGrouping(List<CallGroupKey> keys, Predicate<LlmCall> filter, CallGroupQuery q)
            throws Exception {
        assertGroups(grouped(q), expected(calls, keys, filter, q.limit()), "by " + keys);
    }

    private static CallGroupQuery q(TimeRange range, List<String> wireApis, List<String> models,
            List<String> serverIps, List<String> agentKinds, int limit, CallGroupKey... keys) {
        return new CallGroupQuery(range, wireApis, models, serverIps, agentKinds, List.of(keys), limit);
    }

    // ---- tests ----

    @Test
    void theSampleHasTiesNullsAndEveryErrorClass() {
        // without them the order by key, the null groups and the error columns would go untested
        List<LlmCall> sample = groupedCalls();
        List<CallGroup> byPort = expected(sample, List.of(CallGroupKey.WIRE_API, CallGroupKey.SERVER_PORT),
                c -> true, 100);
        assertThat(byPort.stream().map(CallGroup::callCount).distinct().count()).as("ties in call count")
                .isLessThan(byPort.size());
        for (CallGroupKey key : List.of(CallGroupKey.MODEL, CallGroupKey.AGENT_KIND, CallGroupKey.FINISH_REASON,
                CallGroupKey.STATUS_CODE, CallGroupKey.SERVER_KIND)) {
            assertThat(expected(sample, List.of(key), c -> true, 100)).as("a null %s", key)
                    .anySatisfy(g -> assertThat(g.key()).containsExactly((String) null));
        }
        assertThat(sample).anyMatch(c -> c.getStatusCode() == 429).anyMatch(c -> c.getStatusCode() == 404)
                .anyMatch(c -> c.getStatusCode() >= 500).anyMatch(c -> c.getStatusCode() == 0);
        assertThat(expected(sample, List.of(CallGroupKey.SERVER_IP), c -> true, 100))
                .anySatisfy(g -> assertThat(g.ttftAvgMs()).isNull())
                .anySatisfy(g -> assertThat(g.ttftAvgMs()).isNotNull());
    }

    @ParameterizedTest
    @EnumSource(CallGroupKey.class)
    void everyKeyAloneGroupsAsInJava(CallGroupKey key) throws Exception {
        storeGrouped();
        assertGrouping(List.of(key), c -> true, CallGroupQuery.by(TimeRange.ALL, 1000, key));
    }

    @Test
    void keyCombinationsHoldTheirValuesInGroupByOrder() throws Exception {
        storeGrouped();
        List<List<CallGroupKey>> combinations = List.of(
                List.of(CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT),
                List.of(CallGroupKey.SERVER_PORT, CallGroupKey.SERVER_IP),
                List.of(CallGroupKey.WIRE_API, CallGroupKey.MODEL),
                List.of(CallGroupKey.CLIENT_IP, CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT),
                List.of(CallGroupKey.WIRE_API, CallGroupKey.FINISH_REASON),
                List.of(CallGroupKey.MODEL, CallGroupKey.STATUS_CODE),
                List.of(CallGroupKey.AGENT_KIND, CallGroupKey.HOST, CallGroupKey.SERVER_KIND,
                        CallGroupKey.REQUEST_PATH));
        for (List<CallGroupKey> keys : combinations) {
            assertGrouping(keys, c -> true, new CallGroupQuery(TimeRange.ALL, null, null, null, null, keys, 1000));
        }
    }

    @Test
    void theBareCallsMakeAGroupWithoutLatenciesCostOrTokens() throws Exception {
        storeGrouped();
        List<CallGroup> groups = grouped(CallGroupQuery.by(TimeRange.ALL, 100, CallGroupKey.SERVER_IP));

        CallGroup bare = groups.stream().filter(g -> "fd00::2".equals(g.key().get(0))).findFirst().orElseThrow();
        assertThat(bare.callCount()).isEqualTo(3);
        assertThat(bare.errorCount()).as("no response is no error status").isZero();
        assertThat(bare.inputTokens()).isZero();
        assertThat(bare.outputTokens()).isZero();
        assertThat(bare.costUsd()).isZero();
        assertThat(bare.ttftAvgMs()).isNull();
        assertThat(bare.ttftP95Ms()).isNull();
        assertThat(bare.e2eAvgMs()).isNull();
        assertThat(bare.e2eP95Ms()).isNull();
        assertThat(bare.firstSeenMicros()).isEqualTo(T0 + 48 * SECOND);
        assertThat(bare.lastSeenMicros()).isEqualTo(T0 + 50 * SECOND);
    }

    @Test
    void aMissingValueIsANullKeyAndSortsLastAmongEqualCounts() throws Exception {
        storeGrouped();
        // the forty-eight full calls: four of each status but 200, "no response" (null) among them
        TimeRange fullCalls = new TimeRange(T0, T0 + 48 * SECOND);
        assertThat(grouped(CallGroupQuery.by(fullCalls, 100, CallGroupKey.STATUS_CODE)))
                .extracting(g -> g.key().get(0), CallGroup::callCount)
                .containsExactly(tuple("200", 24L), tuple("400", 4L), tuple("404", 4L), tuple("429", 4L),
                        tuple("500", 4L), tuple("503", 4L), tuple(null, 4L));
        assertGrouping(List.of(CallGroupKey.STATUS_CODE), c -> true,
                CallGroupQuery.by(TimeRange.ALL, 100, CallGroupKey.STATUS_CODE));
    }

    @Test
    void numericKeysSortAsNumbers() throws Exception {
        storeGrouped();
        // ports 443 and 80 have as many calls: as text "443" would come first
        assertThat(grouped(CallGroupQuery.by(TimeRange.ALL, 100, CallGroupKey.SERVER_PORT)))
                .extracting(g -> g.key().get(0), CallGroup::callCount)
                .containsExactly(tuple("8080", 28L), tuple("80", 10L), tuple("443", 10L), tuple("11434", 3L));
    }

    @Test
    void eachFilterAloneAndCombined() throws Exception {
        storeGrouped();
        List<CallGroupKey> keys = List.of(CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT);
        CallGroupKey[] k = keys.toArray(CallGroupKey[]::new);
        assertGrouping(keys, c -> oneOf(c.getWireApi(), "anthropic", "openai-responses"),
                q(TimeRange.ALL, List.of("anthropic", "openai-responses"), null, null, null, 100, k));
        assertGrouping(keys, c -> oneOf(c.getModel(), "gpt-4o", "o4-mini"),
                q(TimeRange.ALL, null, List.of("gpt-4o", "o4-mini"), null, null, 100, k));
        assertGrouping(keys, c -> "10.0.0.9".equals(c.getServerIp()),
                q(TimeRange.ALL, null, null, List.of("10.0.0.9"), null, 100, k));
        assertGrouping(keys, c -> oneOf(c.getAgentKind(), "codex-cli", "opencode"),
                q(TimeRange.ALL, null, null, null, List.of("codex-cli", "opencode"), 100, k));
        TimeRange range = new TimeRange(T0 + 4 * SECOND, T0 + 40 * SECOND);
        assertGrouping(List.of(CallGroupKey.MODEL, CallGroupKey.AGENT_KIND), c -> c.getRequestTime() >= range
                        .fromMicros() && c.getRequestTime() < range.toMicros()
                        && oneOf(c.getWireApi(), "openai-chat", "anthropic")
                        && oneOf(c.getModel(), "gpt-4o", "gpt-4o-mini", "claude-sonnet-4")
                        && "10.0.0.8".equals(c.getServerIp()) && oneOf(c.getAgentKind(), "claude-cli", "codex-cli"),
                q(range, List.of("openai-chat", "anthropic"), List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4"),
                        List.of("10.0.0.8"), List.of("claude-cli", "codex-cli"), 100, CallGroupKey.MODEL,
                        CallGroupKey.AGENT_KIND));
        assertThat(grouped(q(TimeRange.ALL, List.of("anthropic"), List.of("gpt-4o"), null, null, 100, k)))
                .as("disjoint").isEmpty();
    }

    @Test
    void userInputIsNeverQueryText() throws Exception {
        storeGrouped();
        CallGroupKey k = CallGroupKey.MODEL;
        assertThat(grouped(q(TimeRange.ALL, List.of("x' OR '1'='1"), null, null, null, 100, k))).isEmpty();
        assertThat(grouped(q(TimeRange.ALL, null, List.of("x\\' OR 1=1 --"), null, null, 100, k))).isEmpty();
        assertThat(grouped(q(TimeRange.ALL, null, null, List.of("a\"); DROP TABLE spans; --"), null, 100, k)))
                .isEmpty();
        assertThat(grouped(q(TimeRange.ALL, null, null, null, List.of("') OR 1=1 --"), 100, k))).isEmpty();
        assertThat(grouped(CallGroupQuery.by(TimeRange.ALL, 100, k)).stream().mapToLong(CallGroup::callCount).sum())
                .isEqualTo(calls.size());
    }

    @Test
    void emptyFilterListsFilterNothing() throws Exception {
        storeGrouped();
        assertGrouping(List.of(CallGroupKey.WIRE_API), c -> true,
                q(TimeRange.ALL, List.of(), List.of(), List.of(), List.of(), 100, CallGroupKey.WIRE_API));
    }

    @Test
    void theRangeIsOnTheRequestTimeAndHalfOpen() throws Exception {
        storeGrouped();
        long from = T0 + 10 * SECOND;
        long to = T0 + 30 * SECOND;
        List<CallGroupKey> keys = List.of(CallGroupKey.WIRE_API);
        assertGrouping(keys, c -> c.getRequestTime() >= from && c.getRequestTime() < to,
                CallGroupQuery.by(new TimeRange(from, to), 100, CallGroupKey.WIRE_API));
        assertGrouping(keys, c -> c.getRequestTime() >= from + 1 && c.getRequestTime() < to + 1,
                CallGroupQuery.by(new TimeRange(from + 1, to + 1), 100, CallGroupKey.WIRE_API));
        assertGrouping(keys, c -> c.getRequestTime() >= from,
                CallGroupQuery.by(new TimeRange(from, Long.MAX_VALUE), 100, CallGroupKey.WIRE_API));
        assertGrouping(keys, c -> c.getRequestTime() < to,
                CallGroupQuery.by(new TimeRange(Long.MIN_VALUE, to), 100, CallGroupKey.WIRE_API));
        assertGrouping(keys, c -> true, CallGroupQuery.by(null, 100, CallGroupKey.WIRE_API));
        List<CallGroup> one = grouped(CallGroupQuery.by(new TimeRange(from, from + 1), 100, CallGroupKey.WIRE_API));
        assertThat(one).singleElement().satisfies(g -> {
            assertThat(g.callCount()).isOne();
            assertThat(g.firstSeenMicros()).isEqualTo(from).isEqualTo(g.lastSeenMicros());
        });
        assertThat(grouped(CallGroupQuery.by(new TimeRange(from, from), 100, CallGroupKey.WIRE_API)))
                .as("empty range").isEmpty();
        assertThat(grouped(CallGroupQuery.by(new TimeRange(T0 + 1, T0 + 2), 100, CallGroupKey.WIRE_API)))
                .isEmpty();
    }

    @Test
    void theLimitKeepsTheLargestGroupsTiesByKey() throws Exception {
        storeGrouped();
        List<CallGroupKey> keys = List.of(CallGroupKey.WIRE_API, CallGroupKey.SERVER_PORT);
        List<CallGroup> all = expected(calls, keys, c -> true, 1000);
        assertThat(all.size()).isGreaterThan(3);
        for (int limit : new int[] {1, 2, 3, all.size() - 1, all.size(), all.size() + 5}) {
            assertGrouping(keys, c -> true, new CallGroupQuery(TimeRange.ALL, null, null, null, null, keys, limit));
        }
    }

    @Test
    void anEmptyStoreHasNoGroups() throws Exception {
        assertThat(grouped(CallGroupQuery.by(TimeRange.ALL, 10, CallGroupKey.SERVER_IP))).isEmpty();
        for (CallGroupKey key : CallGroupKey.values()) {
            assertThat(grouped(CallGroupQuery.by(TimeRange.ALL, 10, key))).as("%s", key).isEmpty();
        }
    }

    /** Hundreds of spread latencies in one group: a p95 that a wrong quantile (p50, nearest rank, max) misses. */
    @Test
    void theP95OfALargeGroupIsWithinTheTolerance() throws Exception {
        Random random = new Random(42);
        List<LlmCall> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double ttft = 50 + random.nextDouble() * 950 + (i % 40 == 0 ? 4000 : 0);
            many.add(ConformanceTraffic.fullCall(1000 + i, T0 + i * 1000L).setServerIp(i % 2 == 0 ? "a" : "b")
                    .setTtftMs(ttft).setE2eLatencyMs(ttft * 3 + random.nextInt(500)));
        }
        calls = many;
        writeCalls(many);

        List<CallGroupKey> keys = List.of(CallGroupKey.SERVER_IP);
        List<CallGroup> expected = expected(many, keys, c -> true, 10);
        assertGroups(grouped(CallGroupQuery.by(TimeRange.ALL, 10, CallGroupKey.SERVER_IP)), expected, "spread");
        CallGroup a = expected.get(0);
        assertThat(Objects.requireNonNull(a.ttftP95Ms())).as("a p95 unlike the mean or the max")
                .isNotCloseTo(a.ttftAvgMs(), withinPercentage(20))
                .isLessThan(many.stream().mapToDouble(LlmCall::getTtftMs).max().orElseThrow() * 0.5);
        assertGrouping(List.of(CallGroupKey.MODEL), c -> true, CallGroupQuery.by(TimeRange.ALL, 10,
                CallGroupKey.MODEL));
    }

    /**
     * More calls with a latency than an exact-up-to-8192 quantile keeps (a reservoir, say), with a long tail: an
     * approximation must still hold the tolerance there.
     */
    @Test
    void theP95OfAGroupOfTenThousandIsWithinTheTolerance() throws Exception {
        Random random = new Random(7);
        List<LlmCall> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            double ttft = Math.exp(Math.log(400) + 0.6 * random.nextGaussian());
            many.add(ConformanceTraffic.bareCall(5000 + i, T0 + i * 1000L).setServerIp("10.9.0." + i % 2)
                    .setStatusCode(200).setTtftMs(ttft).setE2eLatencyMs(ttft * 4 + random.nextInt(2000)));
        }
        for (int from = 0; from < many.size(); from += 2000) {
            storage.writeCalls(many.subList(from, from + 2000));
        }
        storage.flush();

        List<CallGroup> expected = expected(many, List.of(CallGroupKey.MODEL), c -> true, 10);
        assertGroups(grouped(CallGroupQuery.by(TimeRange.ALL, 10, CallGroupKey.MODEL)), expected, "ten thousand");
        assertGroups(grouped(CallGroupQuery.by(TimeRange.ALL, 10, CallGroupKey.SERVER_IP)),
                expected(many, List.of(CallGroupKey.SERVER_IP), c -> true, 10), "five thousand each");
    }
}
