package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.chat.internal.Exchanges.CHAT_PATH;
import static org.egret.decoder.openai.chat.internal.Exchanges.chatRequest;
import static org.egret.decoder.openai.chat.internal.Exchanges.events;
import static org.egret.decoder.openai.chat.internal.Exchanges.exchange;
import static org.egret.decoder.openai.chat.internal.Exchanges.json;
import static org.egret.decoder.openai.chat.internal.Exchanges.resource;
import static org.egret.decoder.openai.chat.internal.Exchanges.sse;
import static org.egret.decoder.openai.chat.internal.Exchanges.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class TurnFactsDecodeTest {

    private static final String AGENT_QUESTION = "ParserTest is failing. Find out why and tell me how to fix it.";

    private final OpenAiChatDecoder decoder = new OpenAiChatDecoder();

    /** The call of fixture {@code <name>.request.json} answered by {@code <name>.response.sse}. */
    private TurnFacts streamed(String fixture) {
        return decoder.decode(exchange(chatRequest(fixture), sse(fixture))).getTurnFacts();
    }

    /** A request with the given messages, answered by a whole completion whose message and finish are given. */
    private TurnFacts facts(String messages, String message, String finish) {
        return decoder.decode(exchange(chatRequest(CHAT_PATH, "{\"model\":\"gpt-4o-mini\",\"messages\":" + messages
                + "}"), json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finish + "\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}"))).getTurnFacts();
    }

    @Test
    void bothCallsOfTheAgentLoopShareOneAnchorFromTheFirstToolCallId() {
        // openai-chat-tools.pcap: the call that asks for two tools, then the one that sends their results
        TurnFacts first = streamed("openai-stream-tools");
        TurnFacts second = streamed("openai-stream-tool-results");

        assertThat(first.conversationAnchor()).isEqualTo(TurnFacts.anchor(AGENT_QUESTION,
                "call_CtpLnlRHwbOWQ4GUakGGNvgX")).isEqualTo(second.conversationAnchor());

        assertThat(first.userTurnStart()).isTrue();
        assertThat(first.userInput()).isEqualTo(AGENT_QUESTION);
        assertThat(first.terminal()).isFalse();
        assertThat(first.assistantText()).isNull();
        assertThat(first.historyMessages()).isEqualTo(2);
        assertThat(first.systemPreview()).startsWith("You are a coding agent working in the repository at "
                + "/workspace/http-demo.");
        assertThat(first.sessionHint()).isNull();

        assertThat(second.userTurnStart()).isFalse();
        assertThat(second.userInput()).isNull();
        assertThat(second.terminal()).isTrue();
        assertThat(second.assistantText()).startsWith("Found it. `Parser.parseHeader` splits each header line");
        assertThat(second.historyMessages()).isEqualTo(5);
    }

    @Test
    void theTwoAgentsOfOneCaptureHaveDifferentAnchors() {
        // openai-chat-two-agents.pcap: calls 1 and 3 are the agent loop, 2 and 4 a plain client asking twice
        // without history (call 2 is the openai-stream-text request, answered with the same text)
        String agent = streamed("openai-stream-tools").conversationAnchor();
        assertThat(streamed("openai-stream-tool-results").conversationAnchor()).isEqualTo(agent);
        TurnFacts plainFirst = streamed("openai-stream-text");
        TurnFacts plainSecond = streamed("two-agents-plain-followup");

        assertThat(List.of(agent, plainFirst.conversationAnchor(), plainSecond.conversationAnchor()))
                .doesNotContainNull().doesNotHaveDuplicates();
        // each plain question is a conversation of its own, anchored on its answer's text
        assertThat(plainSecond.conversationAnchor()).isEqualTo(TurnFacts.anchor(
                "Now make it work on a CharSequence without copying.", plainSecond.assistantText()));
        assertThat(plainSecond.assistantText()).startsWith("Sure \u2014 could you share the relevant code");
        assertThat(plainFirst.userTurnStart()).isTrue();
        assertThat(plainSecond.terminal()).isTrue();
    }

    @Test
    void aToolMessageLastIsNoUserTurnStartAndAnImageIsOne() {
        TurnFacts tool = facts("""
                [{"role":"user","content":"fix it"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"run","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"ok"}]""",
                "{\"role\":\"assistant\",\"content\":\"Done.\"}", "stop");
        assertThat(tool.userTurnStart()).isFalse();
        assertThat(tool.userInput()).isNull();

        TurnFacts image = facts("""
                [{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}}]}]""",
                "{\"role\":\"assistant\",\"content\":\"A cat.\"}", "stop");
        assertThat(image.userTurnStart()).isTrue();
        assertThat(image.userInput()).isNull();

        TurnFacts parts = facts("""
                [{"content":[{"type":"text","text":"what is "},{"type":"text","text":"this?"},
                   {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}],"role":"user"}]""",
                "{\"role\":\"assistant\",\"content\":\"A cat.\"}", "stop");
        assertThat(parts.userTurnStart()).isTrue();
        assertThat(parts.userInput()).isEqualTo("what is this?");
        assertThat(parts.conversationAnchor()).isEqualTo(TurnFacts.anchor("what is this?", "A cat."));
    }

    @Test
    void aDeveloperMessageIsTheSystemPromptAndATrailingOneIsSkipped() {
        TurnFacts f = facts("""
                [{"role":"developer","content":"Answer in French."},{"role":"user","content":"hello"},
                 {"role":"system","content":"late instruction"}]""",
                "{\"role\":\"assistant\",\"content\":\"Bonjour.\"}", "stop");
        assertThat(f.systemPreview()).isEqualTo("Answer in French.");
        assertThat(f.userTurnStart()).isTrue();
        assertThat(f.userInput()).isEqualTo("hello");
        assertThat(f.historyMessages()).isEqualTo(3);
    }

    @Test
    void terminalFollowsTheFinishReasonAndTheToolCalls() {
        String question = "[{\"role\":\"user\",\"content\":\"weather?\"}]";
        assertThat(facts(question, "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"weather\","
                + "\"arguments\":\"{}\"}}", "function_call").terminal()).isFalse();
        assertThat(facts(question, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]}", "stop")
                .terminal()).as("tool calls under a plain stop still ask for tools").isFalse();
        assertThat(facts(question, "{\"role\":\"assistant\",\"content\":\"Sunny, and\"}", "length").terminal())
                .isTrue();
    }

    @Test
    void withoutACompleteAnswerTheCallEndsNothing() {
        TurnFacts rateLimited = decoder.decode(exchange(chatRequest("openai-error-429"),
                json(429, resource("openai-error-429.response.json")))).getTurnFacts();
        assertThat(rateLimited.terminal()).isNull();
        assertThat(rateLimited.userTurnStart()).isTrue();
        assertThat(rateLimited.userInput()).isEqualTo("Summarise the diff in one sentence.");
        // no answer: the anchor has only the question
        assertThat(rateLimited.conversationAnchor()).isEqualTo(TurnFacts.anchor(
                "Summarise the diff in one sentence.", null));

        assertThat(decoder.decode(exchange(chatRequest("openai-stream-tool-results"), null)).getTurnFacts()
                .terminal()).isNull();

        List<SseEvent> events = events(text("openai-stream-tool-results.response.sse"));
        TurnFacts cut = decoder.decode(exchange(chatRequest("openai-stream-tool-results"),
                sse(events.subList(0, 20), false))).getTurnFacts();
        assertThat(cut.terminal()).isNull();
        assertThat(cut.assistantText()).startsWith("Found it.");
        assertThat(cut.conversationAnchor()).isEqualTo(streamed("openai-stream-tools").conversationAnchor());

        TurnFacts midwayError = decoder.decode(exchange(chatRequest("openai-stream-text"),
                sse("openai-stream-midway-error"))).getTurnFacts();
        assertThat(midwayError.terminal()).isNull();
    }

    @Test
    void aToolCallIdWithoutItsUnderscoreAnchorsLikeTheAnswerThatCarriedIt() {
        TurnFacts first = facts("[{\"role\":\"user\",\"content\":\"fix it\"}]", "{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_d9c1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"run\",\"arguments\":\"{}\"}}]}", "tool_calls");
        TurnFacts second = facts("""
                [{"role":"user","content":"fix it"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"calld9c1","type":"function",
                   "function":{"name":"run","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"calld9c1","content":"ok"}]""",
                "{\"role\":\"assistant\",\"content\":\"Done.\"}", "stop");
        assertThat(first.conversationAnchor()).isEqualTo(TurnFacts.anchor("fix it", "call_d9c1"))
                .isEqualTo(second.conversationAnchor());
    }

    @Test
    void aRequestCutByTheBodyCapKeepsOnlyTheFactsReadBeforeTheCut() {
        byte[] whole = resource("openai-stream-tool-results.request.json");
        String body = new String(whole, StandardCharsets.UTF_8);
        TurnFacts cutLate = decoder.decode(exchange(chatRequest(CHAT_PATH, Arrays.copyOf(whole,
                body.indexOf("\"role\":\"tool\""))), sse("openai-stream-tool-results"))).getTurnFacts();
        assertThat(cutLate.conversationAnchor()).isEqualTo(streamed("openai-stream-tools").conversationAnchor());
        assertThat(cutLate.userTurnStart()).isNull();

        TurnFacts cutEarly = decoder.decode(exchange(chatRequest(CHAT_PATH, Arrays.copyOf(whole,
                body.indexOf("\"role\":\"assistant\""))), sse("openai-stream-tool-results"))).getTurnFacts();
        assertThat(cutEarly.conversationAnchor()).isNull();
        assertThat(cutEarly.userTurnStart()).isNull();
    }

    @Test
    void aRequestBodyThatIsNoJsonObjectGivesUnknownFacts() {
        assertThat(decoder.decode(exchange(chatRequest(CHAT_PATH, "model=gpt-4o"), sse("openai-stream-text")))
                .getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
        assertThat(decoder.decode(exchange(null, null)).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
    }
}
