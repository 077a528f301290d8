package org.egret.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Agent turns: every field (tools and plan loop too) read back, rewrites, and every shape of {@link TurnQuery}. */
public abstract class TurnsConformance extends StorageConformance {
    private static final long SECOND = 1_000_000;

    @Test
    void aFullTurnReadsBackFieldForFieldWithItsTools() throws Exception {
        assertThat(storage.storesTurns()).isTrue();
        AgentTurn written = ConformanceTurns.fullTurn(1, T0);
        writeTurns(List.of(written));

        AgentTurn read = storage.findTurn(written.getTurnId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        // the comparison would pass on two empty lists: the fixture's are not
        assertThat(read.getTools()).hasSize(3);
        assertThat(read.getTools().get(2).error()).as("no result came back").isNull();
        assertThat(read.getPlanLoop().arguments()).isEqualTo("{\"command\":\"ls /tmp/naïve\"}");
        assertThat(read.getInputTokens()).as("beyond a 32-bit integer").isEqualTo(5_000_000_123L);
        assertThat(read.getUserInput()).contains(ConformanceTraffic.UNICODE);
        assertThat(read.durationMillis()).isEqualTo(12_346);
    }

    @Test
    void aBareTurnKeepsItsNullsAndEmptyLists() throws Exception {
        AgentTurn written = ConformanceTurns.bareTurn(2, T0);
        writeTurns(List.of(written));

        AgentTurn read = storage.findTurn(written.getTurnId()).orElseThrow();

        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.getCostUsd()).isNull();
        assertThat(read.getPlanLoop()).isNull();
        assertThat(read.getCallIds()).isEmpty();
        assertThat(read.getTools()).isEmpty();
        assertThat(read.getProxyRole()).isNull();
    }

    @Test
    void aListItemIsTheWholeTurnButItsTools() throws Exception {
        AgentTurn written = ConformanceTurns.fullTurn(3, T0);
        writeTurns(List.of(written));

        AgentTurn item = storage.queryTurns(TurnQuery.all(0, 10)).items().get(0);

        assertThat(item).usingRecursiveComparison().ignoringFields("tools").isEqualTo(written);
        assertThat(item.getTools()).isEmpty();
        assertThat(item.getCallIds()).hasSize(3);
        assertThat(item.getPlanLoop()).isEqualTo(written.getPlanLoop());
    }

    @Test
    void anUnknownTurnIsEmpty() throws Exception {
        writeTurns(List.of(ConformanceTurns.fullTurn(4, T0)));

        assertThat(storage.findTurn(ConformanceTurns.id(5))).isEmpty();
        assertThat(storage.findTurn("' OR 1=1 --")).isEmpty();
        assertThat(storage.findTurn(null)).isEmpty();
    }

    @Test
    void aTurnWrittenAgainReplacesItsRow() throws Exception {
        AgentTurn first = ConformanceTurns.fullTurn(6, T0);
        writeTurns(List.of(first, ConformanceTurns.bareTurn(7, T0 + 1)));

        AgentTurn rewritten = first.copy().setStatus(TurnStatus.INCOMPLETE).setCallCount(4)
                .setEndTime(T0 + 99 * SECOND).setCallIds(List.of("a", "b", "c", "d")).setTools(List.of())
                .setPlanLoop(null);
        writeTurns(List.of(rewritten));

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(ConformanceTurns.id(7), first.getTurnId());
        assertThat(storage.findTurn(first.getTurnId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(rewritten);
        assertThat(storage.findTurn(ConformanceTurns.id(7))).isPresent();
        TurnQuery incomplete = new TurnQuery(null, null, null, null, List.of(TurnStatus.INCOMPLETE), null, null,
                null, null, false, "call_count", SortOrder.DESC, 0, 10);
        assertThat(storage.queryTurns(incomplete).items()).extracting(AgentTurn::getCallCount).containsExactly(4, 0);
    }

    @Test
    void aTurnRewrittenManyTimesIsListedOnce() throws Exception {
        AgentTurn turn = ConformanceTurns.bareTurn(8, T0);
        for (int i = 1; i <= 5; i++) {
            writeTurns(List.of(turn.copy().setCallCount(i)));
        }
        Page<AgentTurn> page = storage.queryTurns(TurnQuery.all(0, 10));
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.items()).extracting(AgentTurn::getCallCount).containsExactly(5);
    }

    @Test
    void ofOneIdTwiceInABatchTheLaterIsKept() throws Exception {
        AgentTurn earlier = ConformanceTurns.bareTurn(8, T0);
        AgentTurn later = earlier.copy().setStatus(TurnStatus.COMPLETE).setEndTime(T0 + 5_000_000);

        storage.writeTurns(List.of(earlier, ConformanceTurns.bareTurn(9, T0), later));
        storage.flush();

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
        assertThat(storage.findTurn(earlier.getTurnId()).orElseThrow()).usingRecursiveComparison().isEqualTo(later);
    }

    @Test
    void aFailingBatchStoresNoneOfItsTurnsAndReplacesNothing() throws Exception {
        AgentTurn kept = ConformanceTurns.fullTurn(10, T0);
        writeTurns(List.of(kept));

        AgentTurn replacement = kept.copy().setCallCount(99);
        AgentTurn broken = ConformanceTurns.bareTurn(11, T0).setTurnId(null);
        assertThatThrownBy(() -> {
            storage.writeTurns(List.of(replacement, ConformanceTurns.bareTurn(12, T0), broken));
            storage.flush();
        }).isInstanceOf(StorageException.class);

        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).items()).extracting(AgentTurn::getTurnId)
                .containsExactly(kept.getTurnId());
        assertThat(storage.findTurn(kept.getTurnId()).orElseThrow().getCallCount()).isEqualTo(3);
        writeTurns(List.of(ConformanceTurns.bareTurn(12, T0)));
        assertThat(storage.queryTurns(TurnQuery.all(0, 10)).total()).isEqualTo(2);
    }

    // ---- queries ----

    private List<AgentTurn> turns;

    /**
     * Twelve turns, one second apart, with attributes spread so every filter selects a known subset; turn 11 is the
     * upstream leg of turn 10 behind a proxy.
     */
    private void storeTwelve() throws Exception {
        String[] kinds = {"claude-cli", "codex-cli", "opencode"};
        String[] wireApis = {"anthropic", "openai-responses", "openai-chat", "gemini-aistudio"};
        List<List<String>> models = List.of(List.of("claude-sonnet-4-5"), List.of("gpt-5", "gpt-5-mini"),
                List.of("gpt-5-mini"), List.of());
        long[] inputTokens = {300, 100, 100, 900, 50, 100, 700, 20, 100, 10, 400, 400};
        turns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            turns.add(ConformanceTurns.fullTurn(i, T0 + i * SECOND)
                    .setAgentKind(kinds[i % 3])
                    .setWireApi(wireApis[i % 4])
                    .setModels(models.get(i % 4))
                    .setSessionId("s" + (i % 5))
                    .setSourceId(i < 6 ? "pcap:a.pcap" : "live:eth0")
                    .setClientIp("10.20.30." + (i % 2))
                    .setServerIp(i % 3 == 0 ? "10.0.0.8" : "10.0.0.9")
                    .setStatus(i % 4 == 3 ? TurnStatus.INCOMPLETE : TurnStatus.COMPLETE)
                    .setEndTime(T0 + i * SECOND + (i * 7 % 5) * SECOND)
                    .setCallCount(i % 4 + 1)
                    .setInputTokens(inputTokens[i])
                    .setOutputTokens(i * 37 % 11)
                    .setProxyRole(i == 10 ? "proxy_in" : i == 11 ? "proxy_out" : null)
                    .setProxyPeerTurnId(i == 10 ? ConformanceTurns.id(11) : i == 11 ? ConformanceTurns.id(10) : null));
        }
        List<AgentTurn> reversed = new ArrayList<>(turns);
        java.util.Collections.reverse(reversed);
        writeTurns(reversed);
    }

    private List<String> ids(TurnQuery q) throws StorageException {
        return storage.queryTurns(q).items().stream().map(AgentTurn::getTurnId).toList();
    }

    private static boolean visible(AgentTurn t) {
        return !"proxy_out".equals(t.getProxyRole());
    }

    /** The visible turns (not the proxy's upstream leg) matching {@code p}, newest first. */
    private List<String> expected(Predicate<AgentTurn> p) {
        return turns.stream().filter(TurnsConformance::visible).filter(p)
                .sorted(Comparator.comparingLong(AgentTurn::getStartTime).reversed()).map(AgentTurn::getTurnId)
                .toList();
    }

    private static TurnQuery filtered(TimeRange range, List<String> kinds, List<String> sessions,
            List<String> sources, List<TurnStatus> statuses, List<String> wireApis, List<String> models,
            List<String> clientIps, List<String> serverIps) {
        return new TurnQuery(range, kinds, sessions, sources, statuses, wireApis, models, clientIps, serverIps,
                false, "start_time", SortOrder.DESC, 0, 100);
    }

    @Test
    void noFilterListsEveryVisibleTurnNewestFirstWithoutTheUpstreamLeg() throws Exception {
        storeTwelve();
        Page<AgentTurn> page = storage.queryTurns(TurnQuery.all(0, 100));

        assertThat(page.total()).isEqualTo(11);
        assertThat(page.items()).extracting(AgentTurn::getTurnId).containsExactlyElementsOf(expected(t -> true))
                .doesNotContain(ConformanceTurns.id(11)).contains(ConformanceTurns.id(10));
    }

    @Test
    void upstreamLegsAreListedWhenAskedFor() throws Exception {
        storeTwelve();
        TurnQuery q = new TurnQuery(null, null, null, null, null, null, null, null, null, true, null, null, 0, 100);

        assertThat(storage.queryTurns(q).total()).isEqualTo(12);
        assertThat(ids(q)).first().isEqualTo(ConformanceTurns.id(11));
        TurnQuery upstreamOfS1 = new TurnQuery(null, null, List.of("s1"), null, null, null, null, null, null, true,
                null, null, 0, 100);
        assertThat(ids(upstreamOfS1)).contains(ConformanceTurns.id(11));
    }

    @Test
    void filtersByEachFieldAlone() throws Exception {
        storeTwelve();
        assertThat(ids(filtered(null, List.of("codex-cli"), null, null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getAgentKind().equals("codex-cli"))).hasSize(4);
        assertThat(ids(filtered(null, null, List.of("s1", "s3"), null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getSessionId().equals("s1")
                        || t.getSessionId().equals("s3"))).hasSize(4);
        assertThat(ids(filtered(null, null, null, List.of("live:eth0"), null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getSourceId().equals("live:eth0"))).hasSize(5);
        assertThat(ids(filtered(null, null, null, null, List.of(TurnStatus.INCOMPLETE), null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getStatus() == TurnStatus.INCOMPLETE)).hasSize(2);
        assertThat(ids(filtered(null, null, null, null, null, List.of("openai-chat"), null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getWireApi().equals("openai-chat"))).hasSize(3);
        assertThat(ids(filtered(null, null, null, null, null, null, null, List.of("10.20.30.1"), null)))
                .containsExactlyElementsOf(expected(t -> t.getClientIp().equals("10.20.30.1"))).hasSize(5);
        assertThat(ids(filtered(null, null, null, null, null, null, null, null, List.of("10.0.0.8"))))
                .containsExactlyElementsOf(expected(t -> t.getServerIp().equals("10.0.0.8"))).hasSize(4);
    }

    @Test
    void aModelFilterMatchesEveryTurnThatUsedOneOfTheModels() throws Exception {
        storeTwelve();
        assertThat(ids(filtered(null, null, null, null, null, null, List.of("gpt-5-mini"), null, null)))
                .as("used among others, or alone").hasSize(6)
                .containsExactlyElementsOf(expected(t -> t.getModels().contains("gpt-5-mini")));
        assertThat(ids(filtered(null, null, null, null, null, null, List.of("gpt-5", "claude-sonnet-4-5"), null,
                null))).containsExactlyElementsOf(expected(t -> t.getModels().contains("gpt-5")
                        || t.getModels().contains("claude-sonnet-4-5")));
        assertThat(ids(filtered(null, null, null, null, null, null, List.of("gpt"), null, null)))
                .as("whole names, not substrings").isEmpty();
    }

    @Test
    void noStoredTurnIsInProgress() throws Exception {
        storeTwelve();
        assertThat(ids(filtered(null, null, null, null, List.of(TurnStatus.IN_PROGRESS), null, null, null, null)))
                .isEmpty();
    }

    @Test
    void filtersCombineWithAnd() throws Exception {
        storeTwelve();
        TimeRange range = new TimeRange(T0 + SECOND, T0 + 10 * SECOND);
        assertThat(ids(filtered(range, List.of("claude-cli", "codex-cli"), List.of("s0", "s1", "s2", "s3"),
                List.of("pcap:a.pcap", "live:eth0"), List.of(TurnStatus.COMPLETE), List.of("anthropic",
                        "openai-responses", "openai-chat"), List.of("gpt-5-mini", "claude-sonnet-4-5"),
                List.of("10.20.30.0", "10.20.30.1"), List.of("10.0.0.9"))))
                .containsExactlyElementsOf(expected(t -> t.getStartTime() >= range.fromMicros()
                        && t.getStartTime() < range.toMicros()
                        && List.of("claude-cli", "codex-cli").contains(t.getAgentKind())
                        && List.of("s0", "s1", "s2", "s3").contains(t.getSessionId())
                        && t.getStatus() == TurnStatus.COMPLETE
                        && List.of("anthropic", "openai-responses", "openai-chat").contains(t.getWireApi())
                        && (t.getModels().contains("gpt-5-mini") || t.getModels().contains("claude-sonnet-4-5"))
                        && t.getServerIp().equals("10.0.0.9")))
                .isNotEmpty();
        assertThat(ids(filtered(null, List.of("claude-cli"), null, List.of("pcap:a.pcap"),
                List.of(TurnStatus.COMPLETE), null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getAgentKind().equals("claude-cli")
                        && t.getSourceId().equals("pcap:a.pcap") && t.getStatus() == TurnStatus.COMPLETE))
                .isNotEmpty();
    }

    @Test
    void theTimeRangeIsOnTheStartAndHalfOpen() throws Exception {
        storeTwelve();
        long from = T0 + 3 * SECOND;
        long to = T0 + 7 * SECOND;
        assertThat(ids(filtered(new TimeRange(from, to), null, null, null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getStartTime() >= from && t.getStartTime() < to))
                .hasSize(4);
        assertThat(ids(filtered(new TimeRange(T0 + 1, T0 + SECOND), null, null, null, null, null, null, null,
                null))).as("turn 0 ends in it but starts before").isEmpty();
        assertThat(ids(filtered(new TimeRange(from, from + 1), null, null, null, null, null, null, null, null)))
                .containsExactly(ConformanceTurns.id(3));
        assertThat(ids(filtered(new TimeRange(Long.MIN_VALUE, to), null, null, null, null, null, null, null, null)))
                .hasSize(7);
    }

    @Test
    void userInputIsNeverQueryText() throws Exception {
        storeTwelve();
        assertThat(ids(filtered(null, null, null, null, null, null, List.of("x' OR '1'='1"), null, null))).isEmpty();
        assertThat(ids(filtered(null, List.of("'); DROP TABLE turns; --"), null, null, null, null, null, null,
                null))).isEmpty();
        assertThat(storage.queryTurns(TurnQuery.all(0, 0)).total()).isEqualTo(11);
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithIdTieBreakAndPagesAddUp(SortOrder order) throws Exception {
        storeTwelve();
        for (String field : TurnQuery.SORT_FIELDS) {
            Function<AgentTurn, Comparable<?>> key = switch (field) {
                case "start_time" -> AgentTurn::getStartTime;
                case "end_time" -> AgentTurn::getEndTime;
                case "duration_ms" -> AgentTurn::durationMillis;
                case "call_count" -> AgentTurn::getCallCount;
                case "total_input_tokens" -> AgentTurn::getInputTokens;
                case "total_output_tokens" -> AgentTurn::getOutputTokens;
                default -> throw new IllegalArgumentException(field);
            };
            List<String> wanted = ExpectedOrder.sorted(turns.stream().filter(TurnsConformance::visible).toList(),
                    key, AgentTurn::getTurnId, order).stream().map(AgentTurn::getTurnId).toList();
            assertThat(ids(new TurnQuery(null, null, null, null, null, null, null, null, null, false, field, order,
                    0, 100))).as("sorted by %s %s", field, order).containsExactlyElementsOf(wanted);
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < 11; offset += 4) {
                Page<AgentTurn> page = storage.queryTurns(new TurnQuery(null, null, null, null, null, null, null,
                        null, null, false, field, order, offset, 4));
                assertThat(page.total()).isEqualTo(11);
                page.items().forEach(t -> paged.add(t.getTurnId()));
            }
            assertThat(new HashSet<>(paged)).hasSize(11);
            assertThat(paged).as("pages by %s %s", field, order).containsExactlyElementsOf(wanted);
        }
    }

    @Test
    void theSortFieldsHaveTies() throws Exception {
        storeTwelve();
        // without ties the tie-break above would go untested
        assertThat(turns.stream().filter(t -> t.getInputTokens() == 100).count()).isEqualTo(4);
        assertThat(turns.stream().filter(t -> t.getCallCount() == 1).count()).isGreaterThan(1);
    }

    @Test
    void totalsCountTheFilterAndAPageBeyondTheEndIsEmpty() throws Exception {
        storeTwelve();
        Page<AgentTurn> page = storage.queryTurns(new TurnQuery(null, List.of("opencode"), null, null, null, null,
                null, null, null, false, null, null, 1, 1));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(AgentTurn::getTurnId)
                .containsExactly(expected(t -> t.getAgentKind().equals("opencode")).get(1));
        Page<AgentTurn> beyond = storage.queryTurns(TurnQuery.all(50, 10));
        assertThat(beyond.total()).isEqualTo(11);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void theSessionQueryListsOneSessionOldestFirst() throws Exception {
        storeTwelve();
        assertThat(ids(TurnQuery.session("s0", 0, 10))).containsExactly(ConformanceTurns.id(0),
                ConformanceTurns.id(5), ConformanceTurns.id(10));
        assertThat(ids(TurnQuery.session("s1", 0, 10))).as("without the upstream leg")
                .containsExactly(ConformanceTurns.id(1), ConformanceTurns.id(6));
    }

    @Test
    void anUnknownSortFieldOrANegativePageIsRefusedClearly() {
        assertThatThrownBy(() -> storage.queryTurns(new TurnQuery(null, null, null, null, null, null, null, null,
                null, false, "user_input", SortOrder.ASC, 0, 10))).isInstanceOf(StorageException.class)
                .hasMessageContaining("'user_input'");
        assertThatThrownBy(() -> storage.queryTurns(TurnQuery.all(-1, 10))).isInstanceOf(StorageException.class);
    }
}
