package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.egret.api.decode.ToolResult;
import org.junit.jupiter.api.Test;

class ChatRequestHistoryTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void toolResultsOfARealAgentLoopAreLinkedToTheCallsTheyAnswer() {
        ChatRequestHistory h = ChatRequestHistory.of(Exchanges.resource("openai-stream-tool-results.request.json"));

        assertThat(h.model).isEqualTo("gpt-4o-mini");
        assertThat(h.stream).isTrue();
        assertThat(h.tools).containsExactly("read_file", "run_shell");
        assertThat(h.toolResults).extracting(ToolResult::toolCallId, ToolResult::name, ToolResult::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_CtpLnlRHwbOWQ4GUakGGNvgX", "read_file", false),
                        org.assertj.core.groups.Tuple.tuple("call_7EZ9hADevetLVWPmBqeYQgbx", "run_shell", false));
        assertThat(h.toolResults.get(0).content()).startsWith("package com.example.http;");
        assertThat(h.toolResults.get(1).content()).startsWith("$ mvn -q -Dtest=ParserTest test\n[ERROR] Tests run");
    }

    @Test
    void contentPartsLegacyFunctionsAndLongResults() {
        String longText = "x".repeat(ToolResult.CONTENT_LIMIT + 500);
        ChatRequestHistory h = ChatRequestHistory.of(bytes("""
                {"functions":[{"name":"lookup","parameters":{}}],
                 "tools":[{"type":"function","function":{"name":"calc"}},{"type":"web_search"}],
                 "messages":[
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                     "function":{"name":"calc","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"4"},{"type":"text","text":"2"}]},
                  {"role":"function","name":"lookup","content":"%s"},
                  {"content":"before its role","role":"tool","tool_call_id":"unknown"}],
                 "model":"m"}""".formatted(longText)));

        assertThat(h.tools).containsExactly("lookup", "calc", "web_search");
        assertThat(h.toolResults).hasSize(3);
        assertThat(h.toolResults.get(0)).isEqualTo(new ToolResult("c1", "calc", false, "42"));
        assertThat(h.toolResults.get(1).name()).isEqualTo("lookup");
        assertThat(h.toolResults.get(1).toolCallId()).isEqualTo("lookup");
        assertThat(h.toolResults.get(1).content()).hasSize(ToolResult.CONTENT_LIMIT);
        assertThat(h.toolResults.get(2)).isEqualTo(new ToolResult("unknown", null, false, "before its role"));
        assertThat(h.model).isEqualTo("m");
    }

    @Test
    void aCutOffBodyKeepsWhatWasReadBeforeTheCut() {
        ChatRequestHistory h = ChatRequestHistory.of(bytes("{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"a\"}}],\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"c\",\"cont"));
        assertThat(h.model).isEqualTo("gpt-4o");
        assertThat(h.tools).containsExactly("a");
        assertThat(h.toolResults).isEmpty();
        assertThat(ChatRequestHistory.of(null).tools).isEmpty();
        assertThat(ChatRequestHistory.of(bytes("[1,2]")).model).isNull();
    }
}
