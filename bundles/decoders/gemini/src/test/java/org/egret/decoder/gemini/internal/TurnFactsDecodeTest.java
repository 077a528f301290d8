package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.gemini.internal.Exchanges.events;
import static org.egret.decoder.gemini.internal.Exchanges.exchange;
import static org.egret.decoder.gemini.internal.Exchanges.fixtureRequest;
import static org.egret.decoder.gemini.internal.Exchanges.json;
import static org.egret.decoder.gemini.internal.Exchanges.resource;
import static org.egret.decoder.gemini.internal.Exchanges.sdkRequest;
import static org.egret.decoder.gemini.internal.Exchanges.sse;
import static org.egret.decoder.gemini.internal.Exchanges.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.TurnFacts;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class TurnFactsDecodeTest {

    private static final String PRO_STREAM = "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse";
    private static final String FLASH = "/v1beta/models/gemini-2.5-flash:generateContent";

    private final GeminiDecoder decoder = new GeminiDecoder();

    private LlmCall turn(int n) {
        String fixture = "gemini-cli-turn-" + n;
        return decoder.decode(exchange(fixtureRequest(PRO_STREAM, fixture), sse(fixture)));
    }

    /** A request with the given contents, answered by a whole response with the given parts and STOP. */
    private TurnFacts facts(String contents, String answerParts) {
        return decoder.decode(exchange(sdkRequest(FLASH, "{\"contents\":" + contents + "}"), json(200,
                "{\"candidates\":[{\"content\":{\"parts\":" + answerParts + ",\"role\":\"model\"},\"finishReason\":"
                        + "\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":"
                        + "2,\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\"}"))).getTurnFacts();
    }

    @Test
    void everyCallOfTheGeminiCliLoopSharesOneAnchor() {
        List<LlmCall> calls = List.of(turn(0), turn(1), turn(2), turn(3));
        List<TurnFacts> loop = calls.stream().map(LlmCall::getTurnFacts).toList();

        // Gemini CLI opens with its context message (no role: a user's) and a canned model reply
        JsonNode first = Exchanges.tree(text("gemini-cli-turn-0.request.json")).get("contents");
        assertThat(loop.get(0).conversationAnchor()).isEqualTo(TurnFacts.anchor(
                first.get(0).get("parts").get(0).get("text").asText(), "Got it. Thanks for the context!"));
        assertThat(loop).extracting(TurnFacts::conversationAnchor).containsOnly(loop.get(0).conversationAnchor());
        assertThat(loop).extracting(TurnFacts::historyMessages).containsExactly(3, 5, 7, 9);
        assertThat(loop).extracting(TurnFacts::userTurnStart).containsExactly(true, false, false, false);
        assertThat(loop).extracting(TurnFacts::sessionHint).containsOnlyNulls();
        assertThat(loop).extracting(TurnFacts::systemPreview).allSatisfy(s -> assertThat(s)
                .startsWith("You are an interactive CLI agent specializing in software engineering tasks.")
                .hasSize(TurnFacts.SYSTEM_LIMIT));

        assertThat(loop.get(0).userInput()).isEqualTo("ParserTest is failing. Find out why and fix it.");
        assertThat(loop.get(1).userInput()).isNull();
        // thoughts are no answer text; the first answers are function calls only
        assertThat(loop.get(0).assistantText()).isNull();
        assertThat(loop.get(3).assistantText()).startsWith("Fixed. `Parser.parseHeader` split each header line")
                .endsWith("all 3 tests should pass.");
    }

    @Test
    void stopWithFunctionCallsIsNoEndOfTheLoop() {
        LlmCall asking = turn(0);
        assertThat(asking.getFinishReason()).isEqualTo("STOP");
        assertThat(asking.getToolCalls()).hasSize(2);
        assertThat(asking.getTurnFacts().terminal()).isFalse();
        assertThat(turn(2).getTurnFacts().terminal()).isFalse();

        LlmCall answering = turn(3);
        assertThat(answering.getFinishReason()).isEqualTo("STOP");
        assertThat(answering.getTurnFacts().terminal()).isTrue();
    }

    @Test
    void aFunctionCallSignsTheConversationByNameAndArgumentsInAnyKeyOrder() {
        String question = "[{\"role\":\"user\",\"parts\":[{\"text\":\"find the test\"}]}]";
        TurnFacts asked = facts(question, "[{\"text\":\"Let me look.\",\"thought\":true},"
                + "{\"functionCall\":{\"name\":\"glob\",\"args\":{\"pattern\":\"**/*Test.java\",\"limit\":5}}}]");
        String history = """
                [{"role":"user","parts":[{"text":"find the test"}]},
                 {"role":"model","parts":[{"functionCall":{"args":{"limit":5,"pattern":"**/*Test.java"},"name":"glob"},
                   "thoughtSignature":"c2ln"}]},
                 {"role":"user","parts":[{"functionResponse":{"id":"glob-1","name":"glob","response":{"output":"x"}}}]}]""";
        TurnFacts answered = facts(history, "[{\"text\":\"Found it.\"}]");

        assertThat(asked.conversationAnchor()).isNotNull().isEqualTo(answered.conversationAnchor());
        assertThat(asked.terminal()).isFalse();
        assertThat(answered.userTurnStart()).isFalse();
        assertThat(answered.terminal()).isTrue();
        assertThat(answered.assistantText()).isEqualTo("Found it.");

        TurnFacts otherArgs = facts(history.replace("**/*Test.java", "**/*IT.java"), "[{\"text\":\"Found it.\"}]");
        assertThat(otherArgs.conversationAnchor()).isNotEqualTo(asked.conversationAnchor());
    }

    @Test
    void dataPartsOpenATurnAndFunctionResponsesDoNotEvenBesideText() {
        TurnFacts image = facts("[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBO\"}}]}]",
                "[{\"text\":\"A cat.\"}]");
        assertThat(image.userTurnStart()).isTrue();
        assertThat(image.userInput()).isNull();

        TurnFacts withText = facts("""
                [{"role":"user","parts":[{"text":"go"}]},
                 {"role":"model","parts":[{"functionCall":{"name":"run","args":{}}}]},
                 {"role":"user","parts":[{"functionResponse":{"name":"run","response":{"output":"ok"}}},
                   {"text":"and then?"}]}]""", "[{\"text\":\"Done.\"}]");
        assertThat(withText.userTurnStart()).isFalse();
        assertThat(withText.userInput()).isNull();

        TurnFacts thoughtOnly = facts("[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"text\":\"hm\",\"thought\":true}]}]", "[{\"text\":\"Hello.\"}]");
        assertThat(thoughtOnly.userTurnStart()).as("a model content last").isFalse();
    }

    @Test
    void withoutACompleteAnswerTheCallEndsNothing() {
        TurnFacts rateLimited = decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-error-429-stream"),
                json(429, resource("gemini-error-429-stream.response.json")))).getTurnFacts();
        assertThat(rateLimited.terminal()).isNull();
        assertThat(rateLimited.userTurnStart()).isTrue();

        TurnFacts midstream = decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-midstream-error"),
                sse("gemini-midstream-error"))).getTurnFacts();
        assertThat(midstream.terminal()).isNull();

        List<SseEvent> events = events(text("gemini-cli-turn-3.response.sse"));
        TurnFacts cut = decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-cli-turn-3"),
                sse(events.subList(0, events.size() - 1), false))).getTurnFacts();
        assertThat(cut.terminal()).isNull();
        assertThat(cut.conversationAnchor()).isEqualTo(turn(0).getTurnFacts().conversationAnchor());

        assertThat(decoder.decode(exchange(fixtureRequest(PRO_STREAM, "gemini-cli-turn-3"), null)).getTurnFacts()
                .terminal()).isNull();
    }

    @Test
    void aRequestBodyThatIsNoJsonObjectGivesUnknownFacts() {
        assertThat(decoder.decode(exchange(sdkRequest(FLASH, "contents=hi"), json(200, "{}"))).getTurnFacts())
                .isEqualTo(TurnFacts.UNKNOWN);
        assertThat(decoder.decode(exchange(null, null)).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
    }
}
