package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.claudeRequest;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.events;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.exchange;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.json;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.resource;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.sse;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TurnFactsDecodeTest {

    private static final String SESSION = "d5beaa29-b48e-4d1e-aea8-d4342bde647f";
    private static final String USER_TEXT = "ParserTest is failing. Find out why and fix it.";

    private final AnthropicMessagesDecoder decoder = new AnthropicMessagesDecoder();

    private TurnFacts loop(int n) {
        String fixture = "claude-code-loop-" + n;
        return decoder.decode(exchange(claudeRequest(resource(fixture + ".request.json")), sse(fixture)))
                .getTurnFacts();
    }

    private TurnFacts title() {
        return decoder.decode(exchange(claudeRequest(resource("claude-code-title.request.json")),
                json(200, resource("claude-code-title.response.json")))).getTurnFacts();
    }

    /** A request with the given messages array, answered by a whole message with the given content blocks. */
    private TurnFacts facts(String messages, String answerContent) {
        return decoder.decode(exchange(claudeRequest("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                + "\"messages\":" + messages + "}"), json(200, "{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":" + answerContent
                + ",\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}")))
                .getTurnFacts();
    }

    @Test
    void everyCallOfTheClaudeCodeLoopSharesOneAnchorAndTheTitleSideCallHasItsOwn() {
        List<TurnFacts> loop = List.of(loop(1), loop(2), loop(3));

        // the first call has no history: its anchor takes the answer's first tool_use id, which later calls re-send
        assertThat(loop.get(0).conversationAnchor())
                .isEqualTo(TurnFacts.anchor(USER_TEXT, "toolu_01nhlugsy9j9SRDdJUwtDyS5"));
        assertThat(loop).extracting(TurnFacts::conversationAnchor).containsOnly(loop.get(0).conversationAnchor());
        // the title call asks the same question but is answered with text: another conversation
        assertThat(title().conversationAnchor()).isNotNull().isNotEqualTo(loop.get(0).conversationAnchor());
        assertThat(loop).extracting(TurnFacts::sessionHint).containsOnly(SESSION);
        assertThat(title().sessionHint()).isEqualTo(SESSION);
        assertThat(loop).extracting(TurnFacts::historyMessages).containsExactly(1, 3, 5);
    }

    @Test
    void theFirstCallOpensTheTurnWithTheUsersTextAndAsksForTools() {
        TurnFacts first = loop(1);

        assertThat(first.userTurnStart()).isTrue();
        // the <system-reminder> block before the user's text is Claude Code's, not the user's
        assertThat(first.userInput()).isEqualTo(USER_TEXT);
        assertThat(first.assistantText()).isEqualTo("I\u2019ll read the parser and run the failing test in parallel.");
        assertThat(first.terminal()).isFalse();
        // the billing line block is left out of the preview
        assertThat(first.systemPreview()).startsWith("You are Claude Code, Anthropic\u2019s official CLI for Claude.\n"
                + "\nYou are an interactive agent").hasSizeLessThanOrEqualTo(TurnFacts.SYSTEM_LIMIT);
    }

    @Test
    void toolResultCallsContinueTheTurnAndTheFinalAnswerEndsIt() {
        TurnFacts edit = loop(2);
        assertThat(edit.userTurnStart()).isFalse();
        assertThat(edit.userInput()).isNull();
        assertThat(edit.terminal()).isFalse();
        assertThat(edit.assistantText()).isEqualTo("The header value is cut at its second colon. Fixing "
                + "`parseHeader` to split only once:");

        TurnFacts last = loop(3);
        assertThat(last.userTurnStart()).isFalse();
        assertThat(last.terminal()).isTrue();
        assertThat(last.assistantText()).startsWith("Fixed. `Parser.parseHeader` split every header line")
                .endsWith("`ParserTest.parsesHostWithPort` passes.");
    }

    @Test
    void theTitleCallIsAUserTurnStartThatEndsAtOnce() {
        TurnFacts title = title();
        assertThat(title.userTurnStart()).isTrue();
        assertThat(title.userInput()).isEqualTo(USER_TEXT);
        assertThat(title.assistantText()).isEqualTo("{\"title\": \"Fix ParserTest header parsing\"}");
        assertThat(title.terminal()).isTrue();
        assertThat(title.systemPreview()).startsWith("Summarize this coding conversation in under 50 characters.");
        assertThat(title.historyMessages()).isEqualTo(1);
    }

    @Test
    void aToolResultMessageWithOnlyASystemReminderBesideItIsNoUserTurnStart() {
        TurnFacts f = facts("""
                [{"role":"user","content":"fix it"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01A","name":"Bash","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":"ok"},
                   {"type":"text","text":"<system-reminder>\\nThe todo list is empty.\\n</system-reminder>\\n"}]}]""",
                "[{\"type\":\"text\",\"text\":\"Done.\"}]");
        assertThat(f.userTurnStart()).isFalse();
        assertThat(f.userInput()).isNull();
        assertThat(f.conversationAnchor()).isEqualTo(TurnFacts.anchor("fix it", "toolu_01A"));
    }

    @Test
    void typedTextBesideToolResultsOrAnImageOpensATurn() {
        TurnFacts interrupted = facts("""
                [{"role":"user","content":"fix it"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01A","name":"Bash","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":"ok"},
                   {"type":"text","text":"<system-reminder>r</system-reminder>now run the tests"}]}]""",
                "[{\"type\":\"text\",\"text\":\"Running.\"}]");
        assertThat(interrupted.userTurnStart()).isTrue();
        assertThat(interrupted.userInput()).isEqualTo("now run the tests");

        TurnFacts image = facts("""
                [{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png",
                  "data":"iVBORw0KGgo="}}]}]""", "[{\"type\":\"text\",\"text\":\"A cat.\"}]");
        assertThat(image.userTurnStart()).isTrue();
        assertThat(image.userInput()).isNull();
        // no user text: nothing to anchor the conversation on
        assertThat(image.conversationAnchor()).isNull();
    }

    @Test
    void trailingSystemMessagesAreSkippedAndAnAssistantPrefillIsNoUserTurn() {
        TurnFacts system = facts("[{\"role\":\"user\",\"content\":\"hello\"},{\"role\":\"system\",\"content\":\"be brief\"}]",
                "[{\"type\":\"text\",\"text\":\"Hi.\"}]");
        assertThat(system.userTurnStart()).isTrue();
        assertThat(system.userInput()).isEqualTo("hello");
        assertThat(system.historyMessages()).isEqualTo(2);

        TurnFacts prefill = facts("[{\"role\":\"user\",\"content\":\"list three\"},{\"role\":\"assistant\","
                + "\"content\":\"1.\"}]", "[{\"type\":\"text\",\"text\":\" a 2. b 3. c\"}]");
        assertThat(prefill.userTurnStart()).isFalse();
        assertThat(prefill.userInput()).isNull();
        // the prefill is the history's first assistant text
        assertThat(prefill.conversationAnchor()).isEqualTo(TurnFacts.anchor("list three", "1."));
    }

    @Test
    void aToolIdWithoutItsUnderscoreAnchorsLikeTheAnswerThatCarriedIt() {
        TurnFacts first = facts("[{\"role\":\"user\",\"content\":\"fix it\"}]",
                "[{\"type\":\"text\",\"text\":\"Looking.\"},{\"type\":\"tool_use\",\"id\":\"toolu_01XyZ\","
                        + "\"name\":\"Read\",\"input\":{}}]");
        TurnFacts second = facts("""
                [{"role":"user","content":"fix it"},
                 {"role":"assistant","content":[{"type":"text","text":"Looking."},
                   {"type":"tool_use","id":"toolu01XyZ","name":"Read","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu01XyZ","content":"x"}]}]""",
                "[{\"type\":\"text\",\"text\":\"Done.\"}]");
        assertThat(first.conversationAnchor()).isEqualTo(TurnFacts.anchor("fix it", "toolu_01XyZ"))
                .isEqualTo(second.conversationAnchor());
        // the tool call, not the text before it, signs the conversation
        assertThat(first.conversationAnchor()).isNotEqualTo(TurnFacts.anchor("fix it", "Looking."));
    }

    @Test
    void sessionHintFromBothFormsOfClaudeCodesUserId() {
        assertThat(ClaudeCodeUserId.sessionId("{\"device_id\":\"94d5\",\"account_uuid\":\"\",\"session_id\":\""
                + SESSION + "\"}")).isEqualTo(SESSION);
        assertThat(ClaudeCodeUserId.sessionId("user_2f1c9e0a77b3_account_0b3c5d9e-1111-4a2b-8c3d-9e8f7a6b5c4d"
                + "_session_" + SESSION)).isEqualTo(SESSION);
        assertThat(ClaudeCodeUserId.sessionId("user_2f1c9e0a77b3_account__session_" + SESSION)).isEqualTo(SESSION);
        // an application's own user id names no session
        assertThat(ClaudeCodeUserId.sessionId("customer-4711")).isNull();
        assertThat(ClaudeCodeUserId.sessionId("{\"device_id\":\"94d5\"}")).isNull();
        assertThat(ClaudeCodeUserId.sessionId("{not json")).isNull();

        LlmCall call = decoder.decode(exchange(claudeRequest("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":{\"user_id\":"
                + "\"user_ab12_account_c3_session_0f0e-77\"}}"), json(200, resource("claude-code-title.response.json"))));
        assertThat(call.getTurnFacts().sessionHint()).isEqualTo("0f0e-77");
    }

    @Test
    void withoutACompleteAnswerTheCallEndsNothing() {
        byte[] request = resource("claude-code-loop-3.request.json");
        // HTTP error: the facts of the request stay, the terminal is unknown
        TurnFacts rateLimited = decoder.decode(exchange(claudeRequest(request), json(429, "{\"type\":\"error\","
                + "\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"))).getTurnFacts();
        assertThat(rateLimited.terminal()).isNull();
        assertThat(rateLimited.assistantText()).isNull();
        assertThat(rateLimited.conversationAnchor()).isEqualTo(loop(3).conversationAnchor());
        assertThat(rateLimited.historyMessages()).isEqualTo(5);

        TurnFacts unanswered = decoder.decode(exchange(claudeRequest(request), null)).getTurnFacts();
        assertThat(unanswered.terminal()).isNull();
        assertThat(unanswered.userTurnStart()).isFalse();

        // the final answer's stream, cut before message_stop
        var events = events(text("claude-code-loop-3.response.sse"));
        HttpResponse cut = sse(events.subList(0, events.size() - 3), false);
        TurnFacts partial = decoder.decode(exchange(claudeRequest(request), cut)).getTurnFacts();
        assertThat(partial.terminal()).isNull();
        assertThat(partial.assistantText()).startsWith("Fixed.");

        TurnFacts overloaded = decoder.decode(exchange(claudeRequest(resource("claude-cli-tools.request.json")),
                sse("overloaded-midstream"))).getTurnFacts();
        assertThat(overloaded.terminal()).isNull();
    }

    @Test
    void aRequestBodyThatIsNoJsonObjectGivesUnknownFacts() {
        assertThat(decoder.decode(exchange(claudeRequest("not json"), json(200,
                resource("claude-code-title.response.json")))).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
        assertThat(decoder.decode(exchange(null, null)).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
    }

    @Test
    void aRequestCutByTheBodyCapKeepsOnlyTheFactsReadBeforeTheCut() {
        byte[] whole = resource("claude-code-loop-2.request.json");
        String body = new String(whole, StandardCharsets.UTF_8);
        int afterFirstAnswer = body.indexOf("\"tool_result\"");
        TurnFacts cutLate = decoder.decode(exchange(claudeRequest(Arrays.copyOf(whole, afterFirstAnswer)),
                sse("claude-code-loop-2"))).getTurnFacts();
        // the first user text and the first assistant message were read: the anchor stands
        assertThat(cutLate.conversationAnchor()).isEqualTo(loop(2).conversationAnchor());
        assertThat(cutLate.userTurnStart()).isNull();
        assertThat(cutLate.userInput()).isNull();

        int beforeFirstAnswer = body.indexOf("\"role\":\"assistant\"");
        TurnFacts cutEarly = decoder.decode(exchange(claudeRequest(Arrays.copyOf(whole, beforeFirstAnswer)),
                sse("claude-code-loop-2"))).getTurnFacts();
        // the history might hold an assistant message after the cut, so the answer cannot stand in for it
        assertThat(cutEarly.conversationAnchor()).isNull();
        assertThat(cutEarly.userTurnStart()).isNull();
    }

    @Test
    void systemRemindersAreCutOutWhereverTheyStand() {
        assertThat(SystemReminders.strip("<system-reminder>a</system-reminder>\nfix <system-reminder>b\n"
                + "</system-reminder>it")).isEqualTo("fix it");
        assertThat(SystemReminders.strip("typed <system-reminder>cut off")).isEqualTo("typed");
        assertThat(SystemReminders.strip("  plain  ")).isEqualTo("plain");
        assertThat(SystemReminders.strip("<system-reminder>only</system-reminder>")).isEmpty();
    }
}
