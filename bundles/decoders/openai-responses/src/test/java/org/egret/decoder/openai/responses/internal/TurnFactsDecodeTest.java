package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.openai.responses.internal.Exchanges.RESPONSES_PATH;
import static org.egret.decoder.openai.responses.internal.Exchanges.codexRequest;
import static org.egret.decoder.openai.responses.internal.Exchanges.events;
import static org.egret.decoder.openai.responses.internal.Exchanges.exchange;
import static org.egret.decoder.openai.responses.internal.Exchanges.json;
import static org.egret.decoder.openai.responses.internal.Exchanges.resource;
import static org.egret.decoder.openai.responses.internal.Exchanges.responsesRequest;
import static org.egret.decoder.openai.responses.internal.Exchanges.sse;
import static org.egret.decoder.openai.responses.internal.Exchanges.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class TurnFactsDecodeTest {

    private static final String CODEX_SESSION = "019d861f-b3ad-76c3-94f2-9c640f156276";
    /** Codex's first user message is the AGENTS.md it sends ahead of the task */
    private static final String CODEX_FIRST_USER_TEXT = "<user_instructions>\n\n# AGENTS.md\n\nRun `cargo test` "
            + "before proposing a change. Keep patches minimal.\n\n</user_instructions>";

    private final OpenAiResponsesDecoder decoder = new OpenAiResponsesDecoder();

    private TurnFacts codex(String fixture) {
        return decoder.decode(exchange(codexRequest(fixture), sse(fixture))).getTurnFacts();
    }

    private TurnFacts whole(String fixture) {
        return decoder.decode(exchange(responsesRequest(fixture), json(200, resource(fixture + ".response.json"))))
                .getTurnFacts();
    }

    /** A request with the given input, answered by a completed response with the given output items. */
    private TurnFacts facts(String input, String output) {
        return decoder.decode(exchange(responsesRequest(RESPONSES_PATH, "{\"model\":\"gpt-5\",\"input\":" + input
                + "}"), json(200, "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
                + "\"gpt-5\",\"output\":" + output + "}"))).getTurnFacts();
    }

    @Test
    void everyCallOfTheCodexLoopSharesOneAnchorAndItsSession() {
        List<TurnFacts> loop = List.of(codex("responses-codex-shell"), codex("responses-codex-patch"),
                codex("responses-codex-final"));

        // the first call's output: reasoning, a message, two shell calls; the anchor takes the first call's id
        assertThat(loop.get(0).conversationAnchor())
                .isEqualTo(TurnFacts.anchor(CODEX_FIRST_USER_TEXT, "call_FMrK2irHbN1T0iZUVoN5y53Z"));
        assertThat(loop).extracting(TurnFacts::conversationAnchor).containsOnly(loop.get(0).conversationAnchor());
        assertThat(loop).extracting(TurnFacts::sessionHint).containsOnly(CODEX_SESSION);
        assertThat(loop).extracting(TurnFacts::historyMessages).containsExactly(3, 9, 12);
        assertThat(loop).extracting(TurnFacts::userTurnStart).containsExactly(true, false, false);
        assertThat(loop).extracting(TurnFacts::terminal).containsExactly(false, false, true);
        assertThat(loop).extracting(TurnFacts::systemPreview).allSatisfy(s -> assertThat(s)
                .startsWith("You are Codex, a coding agent based on GPT-5.").hasSize(TurnFacts.SYSTEM_LIMIT));

        assertThat(loop.get(0).userInput())
                .isEqualTo("parse_header drops the port from Host headers. Find the bug and fix it.");
        assertThat(loop.get(0).assistantText()).isEqualTo("I\u2019ll find the header parser and run its tests first.");
        assertThat(loop.get(1).userInput()).isNull();
        assertThat(loop.get(2).assistantText()).startsWith("Fixed `parse_header` in `src/parser.rs`");
    }

    @Test
    void promptCacheKeyIsTheSessionOnlyWhenCodexSentIt() {
        // the same body from another client: its prompt_cache_key may be per user or per prompt, not per session
        TurnFacts sdk = decoder.decode(exchange(responsesRequest("responses-codex-shell"), sse("responses-codex-shell")))
                .getTurnFacts();
        assertThat(sdk.sessionHint()).isNull();
        assertThat(sdk.conversationAnchor()).isEqualTo(codex("responses-codex-shell").conversationAnchor());
    }

    @Test
    void theNonStreamingToolLoopSharesOneAnchorAndTakesItsSystemMessageAsPreview() {
        TurnFacts calls = whole("responses-tools-calls");
        TurnFacts results = whole("responses-tools-results");

        assertThat(calls.conversationAnchor()).isEqualTo(TurnFacts.anchor("ParserTest is failing. Find out why.",
                "call_CtpLnlRHwbOWQ4GUakGGNvgX")).isEqualTo(results.conversationAnchor());
        assertThat(calls.systemPreview()).isEqualTo("You are a coding agent for the repository /workspace/http-demo. "
                + "Use the tools; call independent tools in parallel.");
        assertThat(calls.userTurnStart()).isTrue();
        assertThat(calls.userInput()).isEqualTo("ParserTest is failing. Find out why.");
        assertThat(calls.terminal()).isFalse();
        assertThat(results.userTurnStart()).isFalse();
        assertThat(results.terminal()).isTrue();
        assertThat(results.assistantText()).startsWith("Found it. `Parser.parseHeader` splits on every colon");
        assertThat(results.historyMessages()).isEqualTo(6);
    }

    @Test
    void aStringInputIsOneUserMessageAndTheInstructionsAreThePreview() {
        TurnFacts f = decoder.decode(exchange(responsesRequest("responses-stream-text"), sse("responses-stream-text")))
                .getTurnFacts();
        String question = "Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric "
                + "characters.";
        assertThat(f.userTurnStart()).isTrue();
        assertThat(f.userInput()).isEqualTo(question);
        assertThat(f.historyMessages()).isEqualTo(1);
        assertThat(f.systemPreview()).startsWith("You are a concise Java tutor inside a code-review app.");
        assertThat(f.terminal()).isTrue();
        assertThat(f.assistantText()).startsWith("Here\u2019s a compact, allocation-free version");
        assertThat(f.conversationAnchor()).isEqualTo(TurnFacts.anchor(question, f.assistantText()));
    }

    @Test
    void anIncompleteResponseEndsTheLoopAndAFailedOneEndsNothing() {
        TurnFacts incomplete = decoder.decode(exchange(responsesRequest("responses-reasoning-incomplete"),
                sse("responses-reasoning-incomplete"))).getTurnFacts();
        assertThat(incomplete.terminal()).isTrue();

        TurnFacts failed = decoder.decode(exchange(responsesRequest("responses-stream-failed"),
                sse("responses-stream-failed"))).getTurnFacts();
        assertThat(failed.terminal()).isNull();
        assertThat(failed.userTurnStart()).isTrue();

        TurnFacts rateLimited = decoder.decode(exchange(responsesRequest("responses-error-429"),
                json(429, resource("responses-error-429.response.json")))).getTurnFacts();
        assertThat(rateLimited.terminal()).isNull();
        assertThat(rateLimited.assistantText()).isNull();

        List<SseEvent> events = events(text("responses-codex-final.response.sse"));
        TurnFacts cut = decoder.decode(exchange(codexRequest("responses-codex-final"),
                sse(events.subList(0, events.size() / 2), false))).getTurnFacts();
        assertThat(cut.terminal()).isNull();
        assertThat(cut.conversationAnchor()).isEqualTo(codex("responses-codex-shell").conversationAnchor());

        assertThat(decoder.decode(exchange(codexRequest("responses-codex-final"), null)).getTurnFacts().terminal())
                .isNull();
    }

    @Test
    void onlyAUserMessageLastOpensATurn() {
        String answer = "[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"ok\"}]}]";
        String asked = "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"go\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{}\"}";
        assertThat(facts("[" + asked + "]", answer).userTurnStart()).isFalse();
        assertThat(facts("[" + asked + ",{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"x\"}]",
                answer).userTurnStart()).isFalse();
        assertThat(facts("[" + asked + ",{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_1\",\"output\":"
                + "\"x\"}]", answer).userTurnStart()).isFalse();
        assertThat(facts("[{\"role\":\"user\",\"content\":\"go\"},{\"type\":\"reasoning\",\"summary\":[]}]", answer)
                .userTurnStart()).isFalse();

        TurnFacts image = facts("[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":"
                + "\"data:image/png;base64,AAAA\"}]},{\"role\":\"developer\",\"content\":\"late rule\"}]", answer);
        assertThat(image.userTurnStart()).as("an image, a developer message after it skipped").isTrue();
        assertThat(image.userInput()).isNull();
        assertThat(image.systemPreview()).isEqualTo("late rule");
    }

    @Test
    void theFirstAssistantRunSignsTheConversationByItsFirstClientToolCall() {
        // a hosted web search and a message come before the function call in the first run of assistant items
        String firstRun = "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Searching done.\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"calld9c1\",\"name\":\"f\",\"arguments\":\"{}\"}";
        TurnFacts later = facts("[{\"role\":\"user\",\"content\":\"find it\"}," + firstRun + ","
                + "{\"type\":\"function_call_output\",\"call_id\":\"calld9c1\",\"output\":\"x\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_later\",\"name\":\"f\",\"arguments\":\"{}\"}]",
                "[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"done\"}]}]");
        TurnFacts first = facts("[{\"role\":\"user\",\"content\":\"find it\"}]", "[" + firstRun.replace("calld9c1",
                "call_d9c1") + "]");
        assertThat(later.conversationAnchor()).isEqualTo(TurnFacts.anchor("find it", "call_d9c1"))
                .isEqualTo(first.conversationAnchor());
        assertThat(first.terminal()).isFalse();
        assertThat(first.assistantText()).isEqualTo("Searching done.");
    }

    @Test
    void aRequestCutByTheBodyCapKeepsOnlyTheFactsReadBeforeTheCut() {
        byte[] whole = resource("responses-codex-patch.request.json");
        String body = new String(whole, StandardCharsets.UTF_8);
        TurnFacts cutLate = decoder.decode(exchange(responsesRequest(RESPONSES_PATH, Arrays.copyOf(whole,
                body.indexOf("\"function_call_output\""))), sse("responses-codex-patch"))).getTurnFacts();
        assertThat(cutLate.conversationAnchor()).isEqualTo(codex("responses-codex-shell").conversationAnchor());
        assertThat(cutLate.userTurnStart()).isNull();

        TurnFacts cutEarly = decoder.decode(exchange(responsesRequest(RESPONSES_PATH, Arrays.copyOf(whole,
                body.indexOf("\"reasoning\""))), sse("responses-codex-patch"))).getTurnFacts();
        assertThat(cutEarly.conversationAnchor()).isNull();
        assertThat(cutEarly.userInput()).isNull();
    }

    @Test
    void aRequestBodyThatIsNoJsonObjectGivesUnknownFacts() {
        assertThat(decoder.decode(exchange(responsesRequest(RESPONSES_PATH, "input=hi"),
                sse("responses-stream-text"))).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
        assertThat(decoder.decode(exchange(null, null)).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
    }
}
