package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TurnQueryTest extends DuckDbStorageTestBase {
    private static final long SECOND = 1_000_000;
    private static final TurnQuery ALL = TurnQuery.all(0, 100);

    private DuckDbStorage storage;
    private final List<AgentTurn> turns = new ArrayList<>();

    /**
     * Twelve turns, one second apart, with attributes spread so every filter selects a known subset; turn 11 is the
     * upstream leg of turn 10 behind a proxy.
     */
    @BeforeEach
    void store() throws Exception {
        storage = open();
        String[] kinds = {"claude-cli", "codex-cli", "opencode"};
        String[] wireApis = {"anthropic", "openai-responses", "openai-chat", "gemini-aistudio"};
        List<List<String>> models = List.of(List.of("claude-sonnet-4-5"), List.of("gpt-5", "gpt-5-mini"),
                List.of("gpt-5-mini"), List.of());
        long[] inputTokens = {300, 100, 100, 900, 50, 100, 700, 20, 100, 10, 400, 400};
        for (int i = 0; i < 12; i++) {
            AgentTurn t = ConformanceTurns.fullTurn(i, T0 + i * SECOND)
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
                    .setProxyPeerTurnId(i == 10 ? ConformanceTurns.id(11) : i == 11 ? ConformanceTurns.id(10) : null);
            turns.add(t);
        }
        // two batches, so the rows span more than one append
        storage.writeTurns(turns.subList(0, 5));
        storage.writeTurns(turns.subList(5, 12));
    }

    private List<String> ids(TurnQuery q) throws StorageException {
        return storage.queryTurns(q).items().stream().map(AgentTurn::getTurnId).toList();
    }

    /** The visible turns (not the proxy's upstream leg) matching {@code p}, newest first. */
    private List<String> expected(Predicate<AgentTurn> p) {
        return turns.stream().filter(t -> !"proxy_out".equals(t.getProxyRole())).filter(p)
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
        Page<AgentTurn> page = storage.queryTurns(ALL);

        assertThat(page.total()).isEqualTo(11);
        assertThat(page.items()).extracting(AgentTurn::getTurnId).containsExactlyElementsOf(expected(t -> true))
                .doesNotContain(ConformanceTurns.id(11)).contains(ConformanceTurns.id(10));
    }

    @Test
    void upstreamLegsAreListedWhenAskedFor() throws Exception {
        TurnQuery q = new TurnQuery(null, null, null, null, null, null, null, null, null, true, null, null, 0, 100);

        assertThat(storage.queryTurns(q).total()).isEqualTo(12);
        assertThat(ids(q)).first().isEqualTo(ConformanceTurns.id(11));
    }

    @Test
    void filtersByEveryList() throws Exception {
        assertThat(ids(filtered(null, List.of("codex-cli"), null, null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getAgentKind().equals("codex-cli"))).hasSize(4);
        assertThat(ids(filtered(null, null, List.of("s1", "s3"), null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getSessionId().equals("s1")
                        || t.getSessionId().equals("s3")));
        assertThat(ids(filtered(null, null, null, List.of("live:eth0"), null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getSourceId().equals("live:eth0"))).hasSize(5);
        assertThat(ids(filtered(null, null, null, null, List.of(TurnStatus.INCOMPLETE), null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getStatus() == TurnStatus.INCOMPLETE)).hasSize(2);
        assertThat(ids(filtered(null, null, null, null, null, List.of("openai-chat"), null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getWireApi().equals("openai-chat")));
        assertThat(ids(filtered(null, null, null, null, null, null, null, List.of("10.20.30.1"), null)))
                .containsExactlyElementsOf(expected(t -> t.getClientIp().equals("10.20.30.1")));
        assertThat(ids(filtered(null, null, null, null, null, null, null, null, List.of("10.0.0.8"))))
                .containsExactlyElementsOf(expected(t -> t.getServerIp().equals("10.0.0.8")));
    }

    @Test
    void aModelFilterMatchesEveryTurnThatUsedOneOfTheModels() throws Exception {
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
        assertThat(ids(filtered(null, null, null, null, List.of(TurnStatus.IN_PROGRESS), null, null, null, null)))
                .isEmpty();
    }

    @Test
    void filtersCombineWithAnd() throws Exception {
        assertThat(ids(filtered(null, List.of("claude-cli"), null, List.of("pcap:a.pcap"),
                List.of(TurnStatus.COMPLETE), null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getAgentKind().equals("claude-cli")
                        && t.getSourceId().equals("pcap:a.pcap") && t.getStatus() == TurnStatus.COMPLETE))
                .isNotEmpty();
    }

    @Test
    void theTimeRangeIsOnTheStartAndHalfOpen() throws Exception {
        long from = T0 + 3 * SECOND;
        long to = T0 + 7 * SECOND;
        assertThat(ids(filtered(new TimeRange(from, to), null, null, null, null, null, null, null, null)))
                .containsExactlyElementsOf(expected(t -> t.getStartTime() >= from && t.getStartTime() < to))
                .hasSize(4);
        assertThat(ids(filtered(new TimeRange(T0 + 1, T0 + SECOND), null, null, null, null, null, null, null,
                null))).as("turn 0 ends in it but starts before").isEmpty();
    }

    @Test
    void userInputIsNeverSql() throws Exception {
        assertThat(ids(filtered(null, null, null, null, null, null, List.of("x' OR '1'='1"), null, null))).isEmpty();
        assertThat(ids(filtered(null, List.of("'); DROP TABLE turns; --"), null, null, null, null, null, null,
                null))).isEmpty();
        assertThat(storage.queryTurns(ALL).total()).isEqualTo(11);
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithIdTieBreak(SortOrder order) throws Exception {
        for (String field : TurnQuery.SORT_FIELDS) {
            TurnQuery q = new TurnQuery(null, null, null, null, null, null, null, null, null, false, field, order, 0,
                    100);
            assertThat(ids(q)).as("sorted by %s %s", field, order).containsExactlyElementsOf(sortedInJava(field,
                    order));
        }
    }

    private List<String> sortedInJava(String field, SortOrder order) {
        ToLongFunction<AgentTurn> key = switch (field) {
            case "start_time" -> AgentTurn::getStartTime;
            case "end_time" -> AgentTurn::getEndTime;
            case "duration_ms" -> AgentTurn::durationMillis;
            case "call_count" -> AgentTurn::getCallCount;
            case "total_input_tokens" -> AgentTurn::getInputTokens;
            case "total_output_tokens" -> AgentTurn::getOutputTokens;
            default -> throw new IllegalArgumentException(field);
        };
        Comparator<AgentTurn> asc = Comparator.comparingLong(key).thenComparing(AgentTurn::getTurnId);
        return turns.stream().filter(t -> !"proxy_out".equals(t.getProxyRole()))
                .sorted(order == SortOrder.ASC ? asc : asc.reversed()).map(AgentTurn::getTurnId).toList();
    }

    @Test
    void theSortFieldsHaveTies() {
        // without ties the tie-break above would go untested
        assertThat(turns.stream().filter(t -> t.getInputTokens() == 100).count()).isEqualTo(4);
        assertThat(turns.stream().filter(t -> t.getCallCount() == 1).count()).isGreaterThan(1);
    }

    @Test
    void pagesAddUpToTheWholeListAndCarryTheTotal() throws Exception {
        List<String> whole = ids(new TurnQuery(null, null, null, null, null, null, null, null, null, false,
                "total_input_tokens", SortOrder.ASC, 0, 100));
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 11; offset += 4) {
            Page<AgentTurn> page = storage.queryTurns(new TurnQuery(null, null, null, null, null, null, null, null,
                    null, false, "total_input_tokens", SortOrder.ASC, offset, 4));
            assertThat(page.total()).isEqualTo(11);
            page.items().forEach(t -> paged.add(t.getTurnId()));
        }
        assertThat(paged).containsExactlyElementsOf(whole).hasSize(11);

        Page<AgentTurn> beyond = storage.queryTurns(TurnQuery.all(50, 10));
        assertThat(beyond.total()).isEqualTo(11);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void theSessionQueryListsOneSessionOldestFirst() throws Exception {
        assertThat(ids(TurnQuery.session("s0", 0, 10))).containsExactly(ConformanceTurns.id(0), ConformanceTurns.id(5),
                ConformanceTurns.id(10));
    }

    @Test
    void anUnknownSortFieldOrANegativePageIsRefusedClearly() {
        assertThatThrownBy(() -> storage.queryTurns(new TurnQuery(null, null, null, null, null, null, null, null,
                null, false, "user_input", SortOrder.ASC, 0, 10))).isInstanceOf(StorageException.class)
                .hasMessage("cannot sort turns by 'user_input': sortable fields are start_time, end_time, "
                        + "duration_ms, call_count, total_input_tokens, total_output_tokens");
        assertThatThrownBy(() -> storage.queryTurns(TurnQuery.all(-1, 10))).isInstanceOf(StorageException.class)
                .hasMessageContaining("offset >= 0");
    }
}
