package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.decode.TurnFacts;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.TurnStatus;
import org.junit.jupiter.api.Test;

class TurnTrackerTest {
    private static final long S = 1_000_000L;
    private static final long T0 = 1_760_000_000L * S;

    private final AtomicInteger ids = new AtomicInteger();
    private TurnTracker tracker = tracker(TurnTracker.Settings.defaults());

    private TurnTracker tracker(TurnTracker.Settings settings) {
        AtomicInteger n = new AtomicInteger();
        return new TurnTracker("p", settings, () -> "turn-" + n.incrementAndGet());
    }

    /** A call of session {@code session} requested at T0 + {@code at} seconds, lasting one second. */
    private LlmCall call(String session, double at) {
        long start = T0 + (long) (at * S);
        return new LlmCall().setId("call-" + ids.incrementAndGet()).setSourceId("src").setClientIp("10.0.0.1")
                .setServerIp("10.0.0.9").setHost("api.example").setWireApi("openai-chat").setAgentKind("generic")
                .setModel("gpt-4o").setStatusCode(200).setSessionId(session).setRequestTime(start)
                .setResponseTime(start + S / 2).setCompleteTime(start + S).setInputTokens(100).setOutputTokens(10)
                .setCacheReadInputTokens(40).setCostUsd(0.01).setFinishReason("stop");
    }

    private static LlmCall user(LlmCall c, String text) {
        return facts(c, true, text, null, null);
    }

    private static LlmCall answers(LlmCall c, String text) {
        TurnFacts f = c.getTurnFacts();
        return c.setTurnFacts(new TurnFacts(f.userTurnStart(), f.userInput(), text, true, null, null, 0, null));
    }

    private static LlmCall asksTools(LlmCall c, ToolCall... tools) {
        TurnFacts f = c.getTurnFacts();
        return c.setFinishReason("tool_calls").setToolCalls(List.of(tools))
                .setTurnFacts(new TurnFacts(f.userTurnStart(), f.userInput(), null, false, null, null, 0, null));
    }

    private static LlmCall continues(LlmCall c, ToolResult... results) {
        return facts(c, false, null, null, null).setToolResults(List.of(results));
    }

    private static LlmCall facts(LlmCall c, Boolean start, String input, String answer, Boolean terminal) {
        return c.setTurnFacts(new TurnFacts(start, input, answer, terminal, null, null, 0, null));
    }

    private List<AgentTurn> finish() {
        tracker.finish();
        return latest(tracker.takeClosed());
    }

    /** The last version of every turn written, in order of first writing. */
    private static List<AgentTurn> latest(List<AgentTurn> written) {
        List<AgentTurn> out = new ArrayList<>();
        for (AgentTurn t : written) {
            out.removeIf(o -> o.getTurnId().equals(t.getTurnId()));
            out.add(t);
        }
        out.sort((a, b) -> Long.compare(a.getStartTime(), b.getStartTime()));
        return out;
    }

    @Test
    void aToolLoopIsOneCompleteTurnWithItsToolsLinkedToTheirResults() {
        LlmCall c1 = asksTools(user(call("s1", 0), "fix the build"),
                new ToolCall(0, "call_a", "read_file", "{\"path\": \"pom.xml\"}"),
                new ToolCall(1, "call_b", "run_shell", "{\"cmd\":\"mvn test\"}"));
        LlmCall c2 = asksTools(continues(call("s1", 2), new ToolResult("call_a", "read_file", false, "<project/>"),
                new ToolResult("call_b", "run_shell", true, "exit 1")),
                new ToolCall(0, "call_c", "edit", "{}"));
        LlmCall c3 = answers(continues(call("s1", 4), new ToolResult("call_a", "read_file", false, "<project/>"),
                new ToolResult("call_b", "run_shell", true, "exit 1"),
                new ToolResult("call_c", "edit", false, "ok")), "Fixed.");
        c2.setModel("gpt-4o-mini");
        tracker.accept(c1);
        tracker.accept(c2);
        tracker.accept(c3);
        tracker.advance(T0 + 6 * S);
        List<AgentTurn> turns = latest(tracker.takeClosed());

        assertThat(turns).hasSize(1);
        AgentTurn t = turns.get(0);
        assertThat(t.getStatus()).isEqualTo(TurnStatus.COMPLETE);
        assertThat(t.getEndReason()).isEqualTo(TurnTracker.TERMINAL);
        assertThat(t.getCallIds()).containsExactly(c1.getId(), c2.getId(), c3.getId());
        assertThat(t.getCallCount()).isEqualTo(3);
        assertThat(t.getSessionId()).isEqualTo("s1");
        assertThat(t.getUserInput()).isEqualTo("fix the build");
        assertThat(t.getUserCallId()).isEqualTo(c1.getId());
        assertThat(t.getFinalAnswer()).isEqualTo("Fixed.");
        assertThat(t.getFinalCallId()).isEqualTo(c3.getId());
        assertThat(t.getModels()).containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(t.getInputTokens()).isEqualTo(300);
        assertThat(t.getOutputTokens()).isEqualTo(30);
        assertThat(t.getCacheReadInputTokens()).isEqualTo(120);
        assertThat(t.getCostUsd()).isCloseTo(0.03, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.getStartTime()).isEqualTo(T0);
        assertThat(t.getEndTime()).isEqualTo(T0 + 5 * S);
        assertThat(t.durationMillis()).isEqualTo(5000);
        assertThat(t.getToolCallCount()).isEqualTo(3);
        assertThat(t.getToolResultCount()).isEqualTo(3);
        assertThat(t.getToolErrorCount()).isEqualTo(1);
        assertThat(t.toolSuccessRate()).isCloseTo(2 / 3.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.getTools()).extracting(x -> x.name() + ":" + x.resultCallId() + ":" + x.error())
                .containsExactly("read_file:" + c2.getId() + ":false", "run_shell:" + c2.getId() + ":true",
                        "edit:" + c3.getId() + ":false");
        assertThat(t.isNoSubmit()).isFalse();
        assertThat(t.getPlanLoop()).isNull();
    }

    @Test
    void callsArrivingInAnyOrderMakeTheSameTurns() {
        List<LlmCall> calls = List.of(
                asksTools(user(call("s1", 0), "q1"), new ToolCall(0, "call_1", "grep", "{}")),
                answers(continues(call("s1", 2), new ToolResult("call_1", "grep", false, "hit")), "a1"),
                answers(user(call("s1", 10), "q2"), "a2"),
                asksTools(user(call("s1", 20), "q3"), new ToolCall(0, "call_2", "grep", "{}")),
                answers(continues(call("s1", 22), new ToolResult("call_2", "grep", false, "x")), "a3"));
        List<String> inOrder = shapes(calls);
        List<LlmCall> reversed = new ArrayList<>(calls);
        Collections.reverse(reversed);
        List<LlmCall> shuffled = List.of(calls.get(2), calls.get(4), calls.get(0), calls.get(3), calls.get(1));

        assertThat(inOrder).containsExactly("q1|2|complete|a1", "q2|1|complete|a2", "q3|2|complete|a3");
        assertThat(shapes(reversed)).isEqualTo(inOrder);
        assertThat(shapes(shuffled)).isEqualTo(inOrder);
    }

    private List<String> shapes(List<LlmCall> calls) {
        tracker = tracker(TurnTracker.Settings.defaults());
        for (LlmCall c : calls) {
            tracker.accept(c);
            tracker.advance(c.getCompleteTime());
        }
        return finish().stream().map(t -> t.getUserInput() + "|" + t.getCallCount() + "|" + t.getStatus().apiName()
                + "|" + t.getFinalAnswer()).toList();
    }

    @Test
    void interleavedSessionsStayApart() {
        tracker.accept(user(call("a", 0), "qa"));
        tracker.accept(answers(user(call("b", 0.5), "qb"), "ab"));
        tracker.accept(answers(continues(call("a", 1)), "aa"));
        List<AgentTurn> turns = finish();
        assertThat(turns).extracting(t -> t.getSessionId() + ":" + t.getCallCount() + ":" + t.getStatus())
                .containsExactly("a:2:COMPLETE", "b:1:COMPLETE");
    }

    @Test
    void anOpenTurnIsVisibleInProgressThenClosesAfterTheIdleTimeoutInEventTime() {
        tracker.accept(asksTools(user(call("s1", 0), "deploy"), new ToolCall(0, "call_x", "shell", "{}")));
        tracker.advance(T0 + 30 * S);
        assertThat(tracker.takeClosed()).isEmpty();
        assertThat(tracker.active()).singleElement().satisfies(t -> {
            assertThat(t.getStatus()).isEqualTo(TurnStatus.IN_PROGRESS);
            assertThat(t.getUserInput()).isEqualTo("deploy");
            assertThat(t.isNoSubmit()).isFalse();
        });
        String id = tracker.active().get(0).getTurnId();

        tracker.advance(T0 + 1 * S + 600 * S - 1);
        assertThat(tracker.takeClosed()).isEmpty();
        tracker.advance(T0 + 1 * S + 600 * S);
        List<AgentTurn> closed = tracker.takeClosed();
        assertThat(closed).singleElement().satisfies(t -> {
            assertThat(t.getTurnId()).as("the in-progress id is kept").isEqualTo(id);
            assertThat(t.getStatus()).isEqualTo(TurnStatus.INCOMPLETE);
            assertThat(t.getEndReason()).isEqualTo(TurnTracker.IDLE_TIMEOUT);
            assertThat(t.isNoSubmit()).isTrue();
            assertThat(t.getToolCallCount()).isEqualTo(1);
            assertThat(t.getToolResultCount()).isZero();
            assertThat(t.toolSuccessRate()).isNull();
        });
        assertThat(tracker.active()).isEmpty();
    }

    @Test
    void aCallAfterTheIdleTimeoutStartsANewTurnWithoutUserInput() {
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "call_x", "shell", "{}")));
        tracker.advance(T0 + 700 * S);
        tracker.accept(answers(continues(call("s1", 800), new ToolResult("call_x", "shell", false, "done")), "ok"));
        List<AgentTurn> all = new ArrayList<>(tracker.takeClosed());
        tracker.finish();
        all.addAll(tracker.takeClosed());
        assertThat(latest(all)).extracting(t -> t.getEndReason() + ":" + t.getUserInput() + ":" + t.getCallCount())
                .containsExactly("idle_timeout:q:1", "terminal:null:1");
    }

    @Test
    void theEndOfTheCaptureClosesOpenTurnsAsIncomplete() {
        tracker.accept(user(call("s1", 0), "q"));
        List<AgentTurn> turns = finish();
        assertThat(turns).singleElement().satisfies(t -> {
            assertThat(t.getStatus()).isEqualTo(TurnStatus.INCOMPLETE);
            assertThat(t.getEndReason()).isEqualTo(TurnTracker.CAPTURE_END);
            assertThat(t.isNoSubmit()).isTrue();
        });
    }

    @Test
    void newUserInputClosesAnUnansweredTurn() {
        tracker.accept(asksTools(user(call("s1", 0), "first"), new ToolCall(0, "c", "t", "{}")));
        tracker.accept(answers(user(call("s1", 5), "never mind, second"), "ok"));
        assertThat(finish()).extracting(t -> t.getUserInput() + ":" + t.getStatus() + ":" + t.getEndReason())
                .containsExactly("first:INCOMPLETE:next_user_turn", "never mind, second:COMPLETE:terminal");
    }

    @Test
    void aRetryOfAFailedRequestStaysInItsTurn() {
        tracker.accept(user(call("s1", 0), "q").setStatusCode(429).setFinishReason(null));
        tracker.accept(answers(user(call("s1", 3), "q"), "a"));
        assertThat(finish()).singleElement().satisfies(t -> {
            assertThat(t.getCallCount()).isEqualTo(2);
            assertThat(t.getErrorCalls()).isEqualTo(1);
            assertThat(t.getStatus()).isEqualTo(TurnStatus.COMPLETE);
        });
    }

    @Test
    void aLateCallJoinsItsClosedTurnWithinTheLateWindowAndIsCountedAfter() {
        LlmCall c1 = asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c", "t", "{}"));
        LlmCall c2 = asksTools(continues(call("s1", 2), new ToolResult("c", "t", false, "r")),
                new ToolCall(0, "d", "t", "{}"));
        LlmCall c3 = answers(continues(call("s1", 4), new ToolResult("d", "t", false, "r2")), "a");
        tracker.accept(c1);
        tracker.accept(c3);
        tracker.advance(T0 + 10 * S);
        AgentTurn first = latest(tracker.takeClosed()).get(0);
        assertThat(first.getCallCount()).isEqualTo(2);

        tracker.accept(c2); // within the 60 s late window: the turn is written again, same id
        tracker.advance(T0 + 20 * S);
        AgentTurn again = latest(tracker.takeClosed()).get(0);
        assertThat(again.getTurnId()).isEqualTo(first.getTurnId());
        assertThat(again.getCallIds()).containsExactly(c1.getId(), c2.getId(), c3.getId());
        assertThat(again.getToolResultCount()).isEqualTo(2);

        tracker.advance(T0 + 200 * S); // past the window: the turn is final
        LlmCall late = asksTools(continues(call("s1", 3)), new ToolCall(0, "e", "t", "{}"));
        tracker.accept(late);
        tracker.advance(T0 + 201 * S);
        assertThat(tracker.takeClosed()).isEmpty();
        assertThat(tracker.counters()).containsEntry("turn_calls_late", 1L);
    }

    @Test
    void subAgentCallsRunInTheirParentTurnAndDoNotEndIt() {
        LlmCall main1 = asksTools(user(call("s1", 0), "research").setAgentKind("claude-cli"),
                new ToolCall(0, "toolu_task", "Task", "{}"));
        LlmCall sub1 = asksTools(user(call("sub-anchor", 1), "grep for X").setAgentKind("claude-cli")
                .setSubagent("task"), new ToolCall(0, "toolu_g", "Grep", "{}"));
        LlmCall sub2 = answers(continues(call("sub-anchor", 2), new ToolResult("toolu_g", "Grep", false, "hit"))
                .setAgentKind("claude-cli").setSubagent("task"), "found it");
        LlmCall main2 = answers(continues(call("s1", 4), new ToolResult("toolu_task", "Task", false, "found it"))
                .setAgentKind("claude-cli"), "Here is what I found");
        for (LlmCall c : List.of(main1, sub1, sub2, main2)) {
            tracker.accept(c);
        }
        assertThat(finish()).singleElement().satisfies(t -> {
            assertThat(t.getCallIds()).containsExactly(main1.getId(), sub1.getId(), sub2.getId(), main2.getId());
            assertThat(t.getSubagents()).containsExactly("task");
            assertThat(t.getUserInput()).isEqualTo("research");
            assertThat(t.getFinalCallId()).isEqualTo(main2.getId());
            assertThat(t.getStatus()).isEqualTo(TurnStatus.COMPLETE);
            assertThat(t.getAgentKind()).isEqualTo("claude-cli");
        });
    }

    @Test
    void sideCallsAreLeftOutAndCounted() {
        tracker.accept(user(call("s1", 0), "title please").setAuxiliary("title"));
        tracker.accept(answers(user(call("s1", 1), "q"), "a"));
        assertThat(finish()).singleElement().satisfies(t -> assertThat(t.getCallCount()).isEqualTo(1));
        assertThat(tracker.counters()).containsEntry("turn_side_calls", 1L);
    }

    @Test
    void aToolResultJoinsTheSessionThatAskedForTheToolWhateverItsKey() {
        tracker.accept(asksTools(user(call("anchor-1", 0), "q"), new ToolCall(0, "call_q", "t", "{}")));
        tracker.accept(answers(continues(call("other-key", 2), new ToolResult("call_q", "t", false, "r")), "a"));
        assertThat(finish()).singleElement().satisfies(t -> assertThat(t.getCallCount()).isEqualTo(2));
    }

    @Test
    void theSameToolCallWithTheSameResultFourTimesIsAPlanLoop() {
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c0", "read_file", "{\"p\":\"a\"}")));
        for (int i = 1; i <= 3; i++) {
            tracker.accept(asksTools(continues(call("s1", 2 * i),
                    new ToolResult("c" + (i - 1), "read_file", false, "same")),
                    new ToolCall(0, "c" + i, "read_file", "{ \"p\": \"a\" }")));
        }
        tracker.accept(answers(continues(call("s1", 10), new ToolResult("c3", "read_file", false, "same")),
                "I give up"));
        assertThat(finish()).singleElement().satisfies(t -> {
            assertThat(t.getPlanLoop()).isNotNull();
            assertThat(t.getPlanLoop().tool()).isEqualTo("read_file");
            assertThat(t.getPlanLoop().repeats()).isEqualTo(4);
            assertThat(t.getPlanLoop().arguments()).isEqualTo("{\"p\":\"a\"}");
        });
    }

    @Test
    void aRepeatedToolCallThatMakesProgressIsNoPlanLoop() {
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c0", "poll", "{}")));
        for (int i = 1; i <= 3; i++) {
            tracker.accept(asksTools(continues(call("s1", 2 * i),
                    new ToolResult("c" + (i - 1), "poll", false, "progress " + i)),
                    new ToolCall(0, "c" + i, "poll", "{}")));
        }
        tracker.accept(answers(continues(call("s1", 10), new ToolResult("c3", "poll", false, "done")), "built"));
        assertThat(finish()).singleElement().satisfies(t -> assertThat(t.getPlanLoop()).isNull());
    }

    @Test
    void geminiResultsWithoutIdsMatchTheLatestUnansweredCallOfTheirName() {
        LlmCall g1 = asksTools(user(call("s1", 0), "q"), new ToolCall(0, null, "glob", "{\"p\":1}"));
        LlmCall g2 = asksTools(continues(call("s1", 2), new ToolResult("glob", "glob", false, "old")),
                new ToolCall(0, null, "glob", "{\"p\":2}"));
        // the request re-sends the first result before the new, failed one
        LlmCall g3 = answers(continues(call("s1", 4), new ToolResult("glob", "glob", false, "old"),
                new ToolResult("glob", "glob", true, "boom")), "a");
        tracker.accept(g1);
        tracker.accept(g2);
        tracker.accept(g3);
        assertThat(finish()).singleElement().satisfies(t -> {
            assertThat(t.getTools()).extracting(x -> x.resultCallId() + ":" + x.error())
                    .containsExactly(g2.getId() + ":false", g3.getId() + ":true");
            assertThat(t.getToolErrorCount()).isEqualTo(1);
        });
    }

    @Test
    void theTwoLegsOfAProxiedTurnAreLinkedAndTheSubstitutionShows() {
        LlmCall outer1 = asksTools(user(call("s1", 0), "q").setHost("litellm:4000"),
                new ToolCall(0, "call_1", "t", "{}"));
        LlmCall inner1 = asksTools(user(call("s1", 0.05), "q").setClientIp("10.0.0.9").setServerIp("10.0.0.3")
                .setHost("backend:8000"), new ToolCall(0, "call_1", "t", "{}"));
        LlmCall inner2 = answers(continues(call("s1", 2.05), new ToolResult("call_1", "t", false, "r"))
                .setClientIp("10.0.0.9").setServerIp("10.0.0.3").setHost("backend:8000")
                .setModel("gpt-4o-mini-2024-07-18"), "a");
        LlmCall outer2 = answers(continues(call("s1", 2), new ToolResult("call_1", "t", false, "r"))
                .setHost("litellm:4000").setCompleteTime(T0 + (long) (3.2 * S)), "a");
        for (LlmCall c : List.of(outer1, inner1, inner2, outer2)) {
            tracker.accept(c);
        }
        List<AgentTurn> turns = finish();
        assertThat(turns).hasSize(2);
        AgentTurn in = turns.stream().filter(t -> t.getCallIds().contains(outer1.getId())).findFirst().orElseThrow();
        AgentTurn out = turns.stream().filter(t -> t.getCallIds().contains(inner1.getId())).findFirst().orElseThrow();
        assertThat(in.getProxyRole()).isEqualTo(ProxyLegs.PROXY_IN);
        assertThat(out.getProxyRole()).isEqualTo(ProxyLegs.PROXY_OUT);
        assertThat(in.getProxyPeerTurnId()).isEqualTo(out.getTurnId());
        assertThat(out.getProxyPeerTurnId()).isEqualTo(in.getTurnId());
        assertThat(in.isModelSubstituted()).isTrue();
        assertThat(out.isModelSubstituted()).isTrue();
        assertThat(tracker.counters()).containsEntry("turn_proxy_pairs", 1L);
    }

    @Test
    void twoClientsAskingTheSameQuestionAreNotAProxyPair() {
        tracker.accept(answers(user(call("s1", 0), "same"), "a"));
        tracker.accept(answers(user(call("s2", 0.1), "same").setClientIp("10.0.0.7"), "a"));
        tracker.accept(answers(user(call("s3", 0.2), "same"), "a"));
        tracker.accept(answers(user(call("s4", 0.3), "same").setHost("other.example"), "a"));
        List<AgentTurn> turns = finish();
        assertThat(turns).hasSize(4);
        // neither leg's server is the other's client: no proxy between them
        assertThat(turns).allSatisfy(t -> assertThat(t.getProxyRole()).isNull());
    }

    @Test
    void theLeastRecentlyActiveSessionIsClosedWhenTooManyAreOpen() {
        tracker = tracker(new TurnTracker.Settings(600 * S, 60 * S, 2 * S, 3, 2, false));
        tracker.accept(user(call("a", 0), "qa"));
        tracker.accept(user(call("b", 1), "qb"));
        tracker.accept(user(call("c", 2), "qc"));
        List<AgentTurn> evicted = tracker.takeClosed();
        assertThat(evicted).singleElement().satisfies(t -> {
            assertThat(t.getSessionId()).isEqualTo("a");
            assertThat(t.getEndReason()).isEqualTo(TurnTracker.EVICTED);
        });
        assertThat(tracker.sessions()).isEqualTo(2);
    }

    @Test
    void everyTurnIsHandedOnOnceInItsLastVersionWhenFinal() {
        List<AgentTurn> finals = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        tracker = new TurnTracker("p", TurnTracker.Settings.defaults(), () -> "turn-" + n.incrementAndGet(),
                finals::add);
        LlmCall c1 = asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c", "t", "{}"));
        LlmCall c2 = answers(continues(call("s1", 2), new ToolResult("c", "t", false, "r")), "a");
        tracker.accept(c2);
        tracker.advance(T0 + 5 * S);
        tracker.accept(c1); // late, rewrites the turn
        tracker.advance(T0 + 10 * S);
        assertThat(finals).as("not final within the late window").isEmpty();
        tracker.accept(answers(user(call("s1", 100), "q2"), "a2"));
        tracker.advance(T0 + 100 * S);
        assertThat(finals).singleElement().satisfies(t -> assertThat(t.getCallCount()).isEqualTo(2));
        tracker.finish();
        assertThat(finals).extracting(AgentTurn::getUserInput).containsExactly("q", "q2");
    }

    @Test
    void atTheCaptureEndProxyRolesAreSetBeforeTurnsAreHandedOn() {
        List<AgentTurn> finals = new ArrayList<>();
        tracker = new TurnTracker("p", TurnTracker.Settings.defaults(), new TimeOrderedIds()::next, finals::add);
        tracker.accept(answers(user(call("s1", 0), "q").setHost("proxy:4000"), "a"));
        tracker.accept(answers(user(call("s1", 0.01), "q").setClientIp("10.0.0.9").setHost("backend"), "a"));
        tracker.finish();
        assertThat(finals).extracting(AgentTurn::getProxyRole)
                .containsExactlyInAnyOrder(ProxyLegs.PROXY_IN, ProxyLegs.PROXY_OUT);
    }

    @Test
    void turnsBecomeFinalOnlyInOrderSoTheirNeighboursNeverRunTogether() {
        List<AgentTurn> finals = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        tracker = new TurnTracker("p", TurnTracker.Settings.defaults(), () -> "turn-" + n.incrementAndGet(),
                finals::add);
        LlmCall a1 = asksTools(user(call("s1", 0), "qa"), new ToolCall(0, "t1", "Agent", "{}"));
        LlmCall a2 = asksTools(user(call("s1", 1), "sub").setSubagent("task").setCompleteTime(T0 + 200 * S),
                new ToolCall(0, "t2", "Grep", "{}"));
        LlmCall b1 = answers(user(call("s1", 10), "qb"), "ab");
        LlmCall c1 = asksTools(continues(call("s1", 30)), new ToolCall(0, "t3", "Read", "{}"));
        LlmCall c2 = answers(continues(call("s1", 31), new ToolResult("t3", "Read", false, "x")), "ac");
        for (LlmCall c : List.of(a1, a2, b1, c1, c2)) {
            tracker.accept(c);
        }
        tracker.advance(T0 + 230 * S); // b1 and c2 are past the late window, a2 (ending at 200 s) is not
        assertThat(finals).as("nothing final before the turn in front of it").isEmpty();
        tracker.advance(T0 + 400 * S);
        assertThat(finals).extracting(t -> t.getCallCount() + ":" + t.getStatus())
                .containsExactly("2:INCOMPLETE", "1:COMPLETE", "2:COMPLETE");
        List<AgentTurn> written = latest(tracker.takeClosed());
        assertThat(written).hasSize(3);
        assertThat(tracker.counters()).containsEntry("turns_complete", 2L).containsEntry("turns_incomplete", 1L);
    }

    @Test
    void eachSourceKeepsItsOwnEventTime() {
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c", "t", "{}")));
        // another capture of the next day, replayed in the same pipeline
        tracker.accept(answers(user(call("s2", 86_400).setSourceId("day2"), "q2"), "a2"));
        tracker.advance();
        assertThat(tracker.active()).singleElement()
                .satisfies(t -> assertThat(t.getUserInput()).as("still open in its own time").isEqualTo("q"));
    }

    @Test
    void aBrokenFutureTimestampDoesNotMoveEventTime() {
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "c", "t", "{}")));
        tracker.accept(answers(user(call("s2", 1), "q2"), "a2").setCompleteTime(4_102_444_800_000_000L)); // 2100
        tracker.advance();
        assertThat(tracker.active()).extracting(AgentTurn::getUserInput).containsExactly("q");
    }

    @Test
    void retriesOfAFailingRequestJoinItsTurnOnlySoonAndABoundedNumberOfTimes() {
        for (int i = 0; i < 40; i++) {
            tracker.accept(user(call("s1", i * 0.1), "same prompt").setStatusCode(503).setFinishReason(null));
        }
        tracker.accept(user(call("s1", 200), "same prompt").setStatusCode(503).setFinishReason(null));
        assertThat(finish()).extracting(AgentTurn::getCallCount).containsExactly(16, 16, 8, 1);
    }

    @Test
    void aLongTurnLinksEveryResultOnceThoughEachRequestResendsThemAll() {
        int n = 300;
        List<ToolResult> history = new ArrayList<>();
        tracker.accept(asksTools(user(call("s1", 0), "q"), new ToolCall(0, "call_0", "read", "{\"i\":0}")));
        for (int i = 1; i < n; i++) {
            history.add(new ToolResult("call_" + (i - 1), "read", i % 10 == 0, "r" + i));
            tracker.accept(asksTools(continues(call("s1", i), history.toArray(ToolResult[]::new)),
                    new ToolCall(0, "call_" + i, "read", "{\"i\":" + i + "}")));
        }
        history.add(new ToolResult("call_" + (n - 1), "read", false, "last"));
        tracker.accept(answers(continues(call("s1", n), history.toArray(ToolResult[]::new)), "done"));
        assertThat(finish()).singleElement().satisfies(t -> {
            assertThat(t.getCallCount()).isEqualTo(n + 1);
            assertThat(t.getToolCallCount()).isEqualTo(n);
            assertThat(t.getToolResultCount()).isEqualTo(n);
            assertThat(t.getToolErrorCount()).isEqualTo(29);
            assertThat(t.getTools().get(5).resultCallId()).as("answered by the next call")
                    .isEqualTo(t.getCallIds().get(6));
            assertThat(t.getPlanLoop()).isNull();
        });
    }

    @Test
    void theSamePromptRunTwiceThroughAProxyAtOnceIsNotLinkedToTheWrongLeg() {
        for (int run = 0; run < 2; run++) {
            tracker.accept(answers(user(call("r" + run, 0.01 * run), "same").setHost("proxy:4000"), "a"));
            tracker.accept(answers(user(call("r" + run, 0.05 + 0.01 * run), "same").setClientIp("10.0.0.9")
                    .setHost("backend"), "a"));
        }
        List<AgentTurn> turns = finish();
        assertThat(turns).hasSize(4);
        assertThat(tracker.counters().get("turn_proxy_ambiguous")).isPositive();
        assertThat(turns).allSatisfy(t -> assertThat(t.getProxyRole()).isNull());
    }
}
