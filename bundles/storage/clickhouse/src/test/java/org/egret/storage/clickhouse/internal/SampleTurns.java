package org.egret.storage.clickhouse.internal;

import java.util.List;
import org.egret.api.turn.AgentTurn;
import org.egret.api.turn.PlanLoop;
import org.egret.api.turn.TurnStatus;
import org.egret.api.turn.TurnTool;

/** Turns shaped like what a pipeline's turn tracker closes. */
final class SampleTurns {

    private SampleTurns() {
    }

    static String id(int n) {
        return String.format("0193a1c2-7e4f-7%03x-9c2d-%012d", n % 4096, n);
    }

    /** A complete Claude Code turn with every field set, none to its default. */
    static AgentTurn fullTurn(int n, long startMicros) {
        return new AgentTurn()
                .setTurnId(id(n))
                .setPipeline("local")
                .setSourceId("pcap:/captures/agent-session.pcap")
                .setSessionId("5f0c2b7e-session-" + n)
                .setAgentKind("claude-cli")
                .setWireApi("anthropic")
                .setClientIp("10.20.30.40")
                .setServerIp("10.0.0.8")
                .setStartTime(startMicros)
                .setEndTime(startMicros + 12_345_678)
                .setStatus(TurnStatus.COMPLETE)
                .setEndReason("terminal")
                .setCallIds(List.of(SampleTraffic.id(n * 10), SampleTraffic.id(n * 10 + 1),
                        SampleTraffic.id(n * 10 + 2)))
                .setModels(List.of("claude-sonnet-4-5", "claude-haiku-4-5"))
                .setSubagents(List.of("task", "explore"))
                .setCallCount(3)
                .setErrorCalls(1)
                .setInputTokens(5_000_000_123L)
                .setOutputTokens(2_345)
                .setCacheReadInputTokens(40_000)
                .setCacheCreationInputTokens(1_200)
                .setReasoningTokens(321)
                .setCostUsd(0.0421)
                .setUserInput("Fix the failing test — " + SampleTraffic.UNICODE + " <b>now</b>")
                .setUserCallId(SampleTraffic.id(n * 10))
                .setFinalAnswer("Done: the parser now skips the BOM. 完了 ✅")
                .setFinalCallId(SampleTraffic.id(n * 10 + 2))
                .setFinalFinishReason("end_turn")
                .setTools(List.of(
                        new TurnTool(SampleTraffic.id(n * 10), "toolu_01", "Bash", "a1b2c3d4",
                                SampleTraffic.id(n * 10 + 1), false, "r-9f8e"),
                        new TurnTool(SampleTraffic.id(n * 10), "toolu_02", "Read", "0badf00d",
                                SampleTraffic.id(n * 10 + 1), true, "r-dead"),
                        new TurnTool(SampleTraffic.id(n * 10 + 1), null, "Grep", "feedface", null, null, null)))
                .setToolCallCount(3)
                .setToolResultCount(2)
                .setToolErrorCount(1)
                .setPlanLoop(new PlanLoop("Bash", "{\"command\":\"ls /tmp/naïve\"}", 4))
                .setNoSubmit(true)
                .setModelSubstituted(true)
                .setProxyRole("proxy_in")
                .setProxyPeerTurnId(id(n + 1000));
    }

    /** An incomplete turn that ran out of time: the optional fields empty, the lists empty. */
    static AgentTurn bareTurn(int n, long startMicros) {
        return new AgentTurn()
                .setTurnId(id(n))
                .setSourceId("live:eth0")
                .setSessionId("conv-" + n)
                .setAgentKind("generic")
                .setWireApi("openai-chat")
                .setStartTime(startMicros)
                .setEndTime(startMicros)
                .setStatus(TurnStatus.INCOMPLETE)
                .setEndReason("idle_timeout");
    }
}
