package org.egret.example.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.example.ollama.internal.Exchanges.exchange;
import static org.egret.example.ollama.internal.Exchanges.json;
import static org.egret.example.ollama.internal.Exchanges.ndjson;
import static org.egret.example.ollama.internal.Exchanges.request;

import java.nio.charset.StandardCharsets;
import org.egret.api.decode.TurnFacts;
import org.junit.jupiter.api.Test;

class TurnFactsDecodeTest {

    private final OllamaNativeDecoder decoder = new OllamaNativeDecoder();

    private TurnFacts facts(String path, String fixture) {
        return decoder.decode(exchange(request(path, fixture),
                fixture.contains("nonstream") ? json(200, fixture) : ndjson(fixture))).getTurnFacts();
    }

    @Test
    void bothCallsOfTheAgentLoopShareOneAnchorFromTheFirstToolCall() {
        TurnFacts asking = facts("/api/chat", "chat-stream-tools");
        TurnFacts answering = facts("/api/chat", "chat-stream-tool-results");

        // Ollama's calls carry no id: the first call's name and arguments sign the conversation
        assertThat(asking.conversationAnchor()).isEqualTo(TurnFacts.anchor("ParserTest is failing. Why?",
                "read_file{\"path\":\"src/main/java/com/example/http/Parser.java\"}"))
                .isEqualTo(answering.conversationAnchor());
        assertThat(asking.userTurnStart()).isTrue();
        assertThat(asking.userInput()).isEqualTo("ParserTest is failing. Why?");
        assertThat(asking.terminal()).isFalse();
        assertThat(asking.systemPreview()).isEqualTo("You are a coding agent. Use the tools before answering.");
        assertThat(asking.historyMessages()).isEqualTo(2);
        assertThat(answering.userTurnStart()).isFalse();
        assertThat(answering.terminal()).isTrue();
        assertThat(answering.assistantText()).startsWith("The test fails because `parseHeader` splits on every colon");
        assertThat(answering.historyMessages()).isEqualTo(5);
    }

    @Test
    void aGeneratePromptIsAOneMessageTurn() {
        TurnFacts f = facts("/api/generate", "generate-stream");
        assertThat(f.userTurnStart()).isTrue();
        assertThat(f.userInput()).isEqualTo("Write a haiku about packet capture.");
        assertThat(f.historyMessages()).isEqualTo(1);
        assertThat(f.terminal()).isTrue();
        assertThat(f.conversationAnchor()).isEqualTo(TurnFacts.anchor("Write a haiku about packet capture.",
                f.assistantText()));
    }

    @Test
    void anErrorEndsNothingAndAnUnreadableRequestSaysNothing() {
        TurnFacts missing = decoder.decode(exchange(request("/api/chat", "chat-error-404"),
                json(404, "chat-error-404"))).getTurnFacts();
        assertThat(missing.terminal()).isNull();
        assertThat(missing.userTurnStart()).isTrue();

        assertThat(decoder.decode(exchange(Exchanges.post("/api/chat", "not json".getBytes(StandardCharsets.UTF_8), "ollama-js/0.6.0"),
                ndjson("chat-stream-tools"))).getTurnFacts()).isEqualTo(TurnFacts.UNKNOWN);
    }
}
