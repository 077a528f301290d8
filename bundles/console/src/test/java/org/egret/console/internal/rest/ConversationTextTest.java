package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConversationTextTest {

    @Test
    void openAiChat() {
        String req = "{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":"
                + "\"ok\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"second\"},"
                + "{\"type\":\"image_url\",\"image_url\":{}}]},{\"role\":\"tool\",\"content\":\"42\"}]}";
        assertThat(ConversationText.lastUserInput(req)).isEqualTo("second");
        assertThat(ConversationText.finalAnswer("{\"choices\":[{\"message\":{\"content\":\"answer\"}}]}"))
                .isEqualTo("answer");
        assertThat(ConversationText.finalAnswer("{\"choices\":[{\"message\":{\"content\":null,"
                + "\"tool_calls\":[]}}]}")).isNull();
    }

    @Test
    void anthropicSkipsToolResultOnlyMessages() {
        String req = "{\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"list files\"}]},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"a.txt\"}]}]}";
        assertThat(ConversationText.lastUserInput(req)).isEqualTo("list files");
        String resp = "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"},{\"type\":\"text\",\"text\":"
                + "\"one\"},{\"type\":\"text\",\"text\":\"two\"}]}";
        assertThat(ConversationText.finalAnswer(resp)).isEqualTo("one\ntwo");
    }

    @Test
    void openAiResponses() {
        assertThat(ConversationText.lastUserInput("{\"input\":\"plain question\"}")).isEqualTo("plain question");
        String req = "{\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"q1\"}]},{\"type\":\"function_call_output\",\"output\":\"x\"},{\"role\":\"user\","
                + "\"content\":\"q2\"}]}";
        assertThat(ConversationText.lastUserInput(req)).isEqualTo("q2");
        String resp = "{\"output\":[{\"type\":\"reasoning\"},{\"type\":\"message\",\"content\":[{\"type\":"
                + "\"output_text\",\"text\":\"done\"}]}]}";
        assertThat(ConversationText.finalAnswer(resp)).isEqualTo("done");
    }

    @Test
    void gemini() {
        String req = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":\"model\","
                + "\"parts\":[{\"text\":\"hello\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"why?\"}]}]}";
        assertThat(ConversationText.lastUserInput(req)).isEqualTo("why?");
        String resp = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"thinking\",\"thought\":true},"
                + "{\"text\":\"because\"}]}}]}";
        assertThat(ConversationText.finalAnswer(resp)).isEqualTo("because");
    }

    @Test
    void unreadableBodiesYieldNull() {
        assertThat(ConversationText.lastUserInput(null)).isNull();
        assertThat(ConversationText.lastUserInput("{\"messages\":[{\"role\":\"user\",\"content\":\"cut")).isNull();
        assertThat(ConversationText.lastUserInput("[1,2]")).isNull();
        assertThat(ConversationText.finalAnswer("not json")).isNull();
        assertThat(ConversationText.finalAnswer("{\"unrelated\":true}")).isNull();
    }
}
