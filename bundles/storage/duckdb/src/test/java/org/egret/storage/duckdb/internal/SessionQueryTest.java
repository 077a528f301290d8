package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.Page;
import org.egret.api.storage.SessionQuery;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TimeRange;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.egret.storage.conformance.ConformanceTraffic;
import org.egret.storage.conformance.ConformanceTurns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionQueryTest extends DuckDbStorageTestBase {
    private static final long S = 1_000_000;

    private static final AgentSession ALPHA = new AgentSession("alpha", "pcap:a", "claude-cli", T0, T0 + 30 * S, 3,
            2, 6, 600, 60, 75, 5, 0.75, List.of("m1", "m2", "m3"), "first question", ConformanceTurns.id(3));
    private static final AgentSession BETA = new AgentSession("beta", "live:eth0", "codex-cli", T0 + 5 * S,
            T0 + 101 * S, 2, 2, 2, 20, 2, 0, 0, null, List.of(), "beta question", ConformanceTurns.id(6));
    private static final AgentSession GAMMA = new AgentSession("gamma", "pcap:a", "opencode", T0 + 50 * S,
            T0 + 50 * S, 1, 0, 4, 1000, 100, 0, 0, 0.1, List.of("m1"), null, ConformanceTurns.id(7));
    private static final AgentSession EPSILON = new AgentSession("epsilon", "pcap:a", "opencode", T0 + 80 * S,
            T0 + 80 * S, 1, 1, 2, 20, 2, 0, 0, null, List.of(), null, ConformanceTurns.id(10));
    private static final List<AgentSession> ALL = List.of(ALPHA, BETA, GAMMA, EPSILON);

    private DuckDbStorage storage;

    private static AgentTurn turn(int n, String session, long start, long end, TurnStatus status, int calls,
            long input, long output) {
        return ConformanceTurns.bareTurn(n, start).setSessionId(session).setEndTime(end).setStatus(status)
                .setCallCount(calls).setInputTokens(input).setOutputTokens(output);
    }

    /**
     * Four sessions, one of them (alpha) with turns from two sources and a proxy's upstream leg that must not count;
     * a session seen only as an upstream leg (delta) and a turn without a session, neither of which is a session.
     */
    @BeforeEach
    void store() throws Exception {
        storage = open();
        List<AgentTurn> turns = List.of(
                turn(1, "alpha", T0, T0 + 4 * S, TurnStatus.COMPLETE, 2, 100, 10).setAgentKind("claude-cli")
                        .setSourceId("pcap:a").setCacheReadInputTokens(50).setCacheCreationInputTokens(5)
                        .setCostUsd(0.25).setModels(List.of("m1")).setUserInput("first question"),
                turn(2, "alpha", T0 + 10 * S, T0 + 12 * S, TurnStatus.INCOMPLETE, 1, 200, 20)
                        .setAgentKind("claude-cli").setSourceId("pcap:b").setModels(List.of("m2", "m1"))
                        .setUserInput("second question"),
                turn(3, "alpha", T0 + 20 * S, T0 + 30 * S, TurnStatus.COMPLETE, 3, 300, 30)
                        .setAgentKind("claude-cli").setSourceId("pcap:a").setCacheReadInputTokens(25)
                        .setCostUsd(0.5).setModels(List.of("m3", "m2")),
                turn(4, "alpha", T0 + 21 * S, T0 + 40 * S, TurnStatus.COMPLETE, 9, 9999, 999)
                        .setAgentKind("claude-cli").setCostUsd(9.0).setModels(List.of("upstream-model"))
                        .setProxyRole("proxy_out"),
                turn(5, "beta", T0 + 5 * S, T0 + 6 * S, TurnStatus.COMPLETE, 1, 10, 1).setAgentKind("codex-cli"),
                turn(6, "beta", T0 + 100 * S, T0 + 101 * S, TurnStatus.COMPLETE, 1, 10, 1)
                        .setAgentKind("codex-cli").setUserInput("beta question"),
                turn(7, "gamma", T0 + 50 * S, T0 + 50 * S, TurnStatus.INCOMPLETE, 4, 1000, 100)
                        .setAgentKind("opencode").setSourceId("pcap:a").setCostUsd(0.1).setModels(List.of("m1")),
                turn(8, "delta", T0 + 60 * S, T0 + 61 * S, TurnStatus.COMPLETE, 1, 1, 1).setProxyRole("proxy_out"),
                turn(9, null, T0 + 70 * S, T0 + 71 * S, TurnStatus.COMPLETE, 1, 1, 1),
                turn(10, "epsilon", T0 + 80 * S, T0 + 80 * S, TurnStatus.COMPLETE, 2, 20, 2)
                        .setAgentKind("opencode").setSourceId("pcap:a"));
        storage.writeTurns(turns.subList(0, 4));
        storage.writeTurns(turns.subList(4, turns.size()));
    }

    private Page<AgentSession> query(TimeRange range, List<String> kinds, List<String> sources)
            throws StorageException {
        return storage.querySessions(new SessionQuery(range, kinds, sources, "start_time", SortOrder.ASC, 0, 100));
    }

    private static List<String> ids(Page<AgentSession> page) {
        return page.items().stream().map(AgentSession::sessionId).toList();
    }

    @Test
    void everySessionIsSummedUpFromItsTurnsButTheUpstreamLegs() throws Exception {
        Page<AgentSession> page = query(TimeRange.ALL, List.of(), List.of());

        assertThat(page.total()).as("delta is only an upstream leg, turn 9 has no session").isEqualTo(4);
        assertThat(page.items()).containsExactly(ALPHA, BETA, GAMMA, EPSILON);
    }

    @Test
    void theFirstUserInputIsTheFirstTurnThatHasOne() throws Exception {
        AgentSession beta = query(TimeRange.ALL, List.of(), List.of()).items().get(1);

        assertThat(beta.firstUserInput()).isEqualTo("beta question");
        assertThat(beta.costUsd()).as("no turn has a cost").isNull();
    }

    @Test
    void theNewestActivityComesFirstByDefault() throws Exception {
        assertThat(ids(storage.querySessions(SessionQuery.all(0, 10)))).containsExactly("beta", "epsilon", "gamma",
                "alpha");
    }

    @Test
    void aRangePicksSessionsWithATurnStartingInItAndSumsThemUpWhole() throws Exception {
        assertThat(query(new TimeRange(T0 + 15 * S, T0 + 30 * S), null, null).items()).containsExactly(ALPHA);
        assertThat(query(new TimeRange(T0 + 60 * S, T0 + 200 * S), null, null).items()).containsExactly(BETA,
                EPSILON);
        // only alpha's upstream leg starts here
        assertThat(query(new TimeRange(T0 + 21 * S, T0 + 22 * S), null, null).total()).isZero();
        // half-open: epsilon's only turn starts at the end
        assertThat(ids(query(new TimeRange(T0 + 50 * S, T0 + 80 * S), null, null))).containsExactly("gamma");
    }

    @Test
    void agentKindAndSourceFiltersPickSessionsWithSuchATurn() throws Exception {
        assertThat(ids(query(null, List.of("opencode"), null))).containsExactly("gamma", "epsilon");
        // alpha's second turn came from pcap:b; the session still reads as its first turn's source
        assertThat(query(null, null, List.of("pcap:b")).items()).containsExactly(ALPHA);
        assertThat(ids(query(new TimeRange(T0 + 60 * S, T0 + 200 * S), List.of("opencode"), List.of("pcap:a"))))
                .containsExactly("epsilon");
    }

    @Test
    void sessionIdsPickThoseSessionsWhole() throws Exception {
        assertThat(storage.querySessions(SessionQuery.of("alpha")).items()).containsExactly(ALPHA);
        assertThat(ids(storage.querySessions(new SessionQuery(TimeRange.ALL, List.of(), List.of(),
                List.of("gamma", "beta", "nope"), "start_time", SortOrder.ASC, 0, 10)))).containsExactly("beta",
                        "gamma");
        // an upstream leg is no session, even by name
        assertThat(storage.querySessions(SessionQuery.of("delta")).total()).isZero();
        // with the other filters: a session of those ids that has such a turn
        assertThat(ids(storage.querySessions(new SessionQuery(TimeRange.ALL, List.of("opencode"), List.of(),
                List.of("alpha", "gamma"), "start_time", SortOrder.ASC, 0, 10)))).containsExactly("gamma");
    }

    @ParameterizedTest
    @EnumSource(SortOrder.class)
    void sortsByEveryFieldWithSessionIdTieBreak(SortOrder order) throws Exception {
        for (String field : AgentSession.SORT_FIELDS) {
            List<String> got = ids(storage.querySessions(new SessionQuery(null, null, null, field, order, 0, 10)));
            assertThat(got).as("sorted by %s %s", field, order).containsExactlyElementsOf(sortedInJava(field, order));
        }
    }

    private static List<String> sortedInJava(String field, SortOrder order) {
        ToLongFunction<AgentSession> key = switch (field) {
            case "start_time" -> AgentSession::startTime;
            case "end_time" -> AgentSession::endTime;
            case "turn_count" -> AgentSession::turnCount;
            case "call_count" -> AgentSession::callCount;
            case "total_input_tokens" -> AgentSession::inputTokens;
            case "total_output_tokens" -> AgentSession::outputTokens;
            default -> throw new IllegalArgumentException(field);
        };
        Comparator<AgentSession> asc = Comparator.comparingLong(key).thenComparing(AgentSession::sessionId);
        return ALL.stream().sorted(order == SortOrder.ASC ? asc : asc.reversed()).map(AgentSession::sessionId)
                .toList();
    }

    @Test
    void theSortFieldsHaveTies() {
        // beta and epsilon tie on calls and tokens, gamma and epsilon on turns: the tie-break is exercised
        assertThat(BETA.callCount()).isEqualTo(EPSILON.callCount());
        assertThat(BETA.inputTokens()).isEqualTo(EPSILON.inputTokens());
        assertThat(GAMMA.turnCount()).isEqualTo(EPSILON.turnCount());
    }

    @Test
    void pagesAddUpToTheWholeListAndCarryTheTotal() throws Exception {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 4; offset += 3) {
            Page<AgentSession> page = storage.querySessions(new SessionQuery(null, null, null, "call_count",
                    SortOrder.DESC, offset, 3));
            assertThat(page.total()).isEqualTo(4);
            paged.addAll(ids(page));
        }
        assertThat(paged).containsExactlyElementsOf(sortedInJava("call_count", SortOrder.DESC));
        assertThat(storage.querySessions(SessionQuery.all(0, 0)).total()).isEqualTo(4);
    }

    @Test
    void aRewrittenTurnChangesItsSessionAtOnce() throws Exception {
        AgentTurn gamma = storage.findTurn(ConformanceTurns.id(7)).orElseThrow();
        storage.writeTurns(List.of(gamma.copy().setStatus(TurnStatus.COMPLETE).setInputTokens(1)));

        AgentSession read = query(null, List.of("opencode"), null).items().get(0);

        assertThat(read.completeTurns()).isEqualTo(1);
        assertThat(read.inputTokens()).isEqualTo(1);
        assertThat(read.turnCount()).isEqualTo(1);
    }

    @Test
    void anUnknownSortFieldIsRefusedClearly() {
        assertThatThrownBy(() -> storage.querySessions(new SessionQuery(null, null, null, "session_id",
                SortOrder.ASC, 0, 10))).isInstanceOf(StorageException.class)
                .hasMessage("cannot sort sessions by 'session_id': sortable fields are start_time, end_time, "
                        + "turn_count, call_count, total_input_tokens, total_output_tokens");
    }
}
