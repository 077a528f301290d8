package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;
import org.junit.jupiter.api.Test;

/** The SFT line mapping for what the OpenAI chat shape lacks: id-less tool calls, tools without a schema. */
class SftLineTest {

    private static final SftLine.Meta META = new SftLine.Meta("turn", "src", "s", "t", null, "c", "gemini",
            "gemini-cli", "gemini-2.5-pro", "STOP", 1, 2, null);

    private static JsonNode line(List<TranscriptMessage> messages, List<TranscriptTool> tools) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(out)) {
            SftLine.write(g, messages, tools, META);
        }
        return Fixtures.json(out.toByteArray());
    }

    private static TranscriptMessage calls(TranscriptToolCall... calls) {
        return new TranscriptMessage("assistant", null, null, List.of(calls), null, null, false, false, List.of());
    }

    private static TranscriptMessage result(String name, String content) {
        return new TranscriptMessage("tool", content, null, List.of(), null, name, false, false, List.of());
    }

    @Test
    void idLessResultsAnswerTheOldestUnansweredCallOfTheirTool() throws IOException {
        JsonNode line = line(List.of(TranscriptMessage.text("user", "go"),
                calls(new TranscriptToolCall(null, "read", "{\"p\":1}"),
                        new TranscriptToolCall(null, "list", "{}")),
                result("list", "a b"), result("read", "text"), result(null, "extra")), List.of());

        JsonNode m = line.get("messages");
        assertThat(m.get(1).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_1_0");
        assertThat(m.get(1).get("tool_calls").get(1).get("id").asText()).isEqualTo("call_1_1");
        assertThat(m.get(2).get("tool_call_id").asText()).as("by name, not by order").isEqualTo("call_1_1");
        assertThat(m.get(2).get("name").asText()).isEqualTo("list");
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("call_1_0");
        assertThat(m.get(4).get("tool_call_id").asText()).as("nothing left to answer").isEqualTo("call_unpaired_4");
        assertThat(m.get(4).has("name")).isFalse();
        assertThat(line.has("tools")).as("left out when empty, as Heron").isFalse();
        assertThat(line.get("_meta").get("captured_at_ms").isNull()).isTrue();
        assertThat(line.get("_meta").has("arguments_unparsed")).isFalse();
    }

    @Test
    void aToolWithoutSchemaHasNoParametersAndImagesAreDropped() throws IOException {
        TranscriptMessage withImage = new TranscriptMessage("user", null, null, List.of(), null, null, false, false,
                List.of("image"));
        JsonNode line = line(List.of(withImage), List.of(new TranscriptTool("web_search", null, null),
                new TranscriptTool("bad", "d", "not a schema")));

        assertThat(SpanJsonTest.names(line.get("messages").get(0))).containsExactly("role");
        JsonNode f = line.get("tools").get(0).get("function");
        assertThat(SpanJsonTest.names(f)).containsExactly("name");
        assertThat(SpanJsonTest.names(line.get("tools").get(1).get("function"))).containsExactly("name",
                "description");
    }
}
