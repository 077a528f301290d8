package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestScanTest {

    @Test
    void readsTheTopLevelFactsOfARealRequest() {
        ChatRequestScan scan = ChatRequestScan.of(Exchanges.resource("openai-stream-tools.request.json"));
        assertThat(scan).isEqualTo(new ChatRequestScan("gpt-4o-mini", true, true, false, false));
        assertThat(scan.looksLikeChat()).isTrue();

        ChatRequestScan claude = ChatRequestScan.of(Exchanges.resource("anthropic-claude-cli.request.json"));
        assertThat(claude.model()).isEqualTo("gpt-5.4");
        assertThat(claude.anthropicShape()).isTrue();
        assertThat(claude.stream()).isTrue();
    }

    @Test
    void modelIsFoundWhereverItIs() {
        assertThat(ChatRequestScan.of(bytes("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}],"
                + "\"stream\":false,\"model\":\"llama3.2:3b\"}")).model()).isEqualTo("llama3.2:3b");
        assertThat(ChatRequestScan.of(bytes("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"us")).model()).isEqualTo("gpt-4o");
        assertThat(ChatRequestScan.of(bytes("{\"model\":null}")).model()).isNull();
        assertThat(ChatRequestScan.of(null).model()).isNull();
    }

    @Test
    void streamFlagAndShapeSignals() {
        assertThat(ChatRequestScan.of(bytes("{\"model\":\"m\",\"stream\":\"true\",\"messages\":[1]}")).stream()).isFalse();
        assertThat(ChatRequestScan.of(bytes("{\"model\":\"m\",\"input\":[],\"messages\":[1]}")).looksLikeChat()).isFalse();
        assertThat(ChatRequestScan.of(bytes("{\"model\":\"m\",\"stop_sequences\":[\"x\"],\"messages\":[1]}"))
                .anthropicShape()).isTrue();
        assertThat(ChatRequestScan.of(bytes("  \n{\"model\":\"m\",\"messages\":[[],{}],\"stream\":true}")))
                .isEqualTo(new ChatRequestScan("m", true, true, false, false));
        assertThat(ChatRequestScan.of(bytes("\"model\""))).isEqualTo(ChatRequestScan.NOTHING);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
