package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.claudeRequest;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.events;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.exchange;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.resource;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.sse;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.text;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

class StreamingDecodeTest {

    private final AnthropicMessagesDecoder decoder = new AnthropicMessagesDecoder();

    private LlmCall decode(String fixture) {
        return decoder.decode(exchange(claudeRequest(resource("claude-cli-tools.request.json")), sse(fixture)));
    }

    @Test
    void thinkingTextAndParallelToolUse() {
        List<SseEvent> events = events(text("claude-cli-thinking-tools.response.sse"));
        LlmCall call = decode("claude-cli-thinking-tools");

        assertThat(call.getWireApi()).isEqualTo("anthropic");
        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("claude-sonnet-4-5");
        assertThat(call.getModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getResponseId()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(call.getFinishReason()).isEqualTo("tool_use");
        assertThat(call.getInputTokens()).isEqualTo(12);
        assertThat(call.getOutputTokens()).isEqualTo(187);
        assertThat(call.getTotalTokens()).isEqualTo(199);
        assertThat(call.getCacheReadInputTokens()).isEqualTo(20480);
        assertThat(call.getCacheCreationInputTokens()).isEqualTo(1843);
        assertThat(call.getReasoningTokens()).isNull();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getPartialReason()).isNull();
        assertThat(call.getErrorType()).isNull();
        // message_start, content_block_start (empty thinking) and ping carry nothing: the first thinking delta does
        assertThat(events.get(3).data()).contains("thinking_delta");
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(3).timestampMicros());
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "toolu_01A09q90qw90lq917835lq9", "Read",
                        "{\"file_path\": \"/workspace/http-demo/src/Parser.java\"}"),
                new ToolCall(1, "toolu_01BX7nDPbVeLuVy9aRBSdhqG", "Bash",
                        "{\"command\": \"mvn -q -Dtest=ParserTest test\", \"description\": \"Run the failing test\"}"));
        // pipeline fields stay for the pipeline
        assertThat(call.getId()).isNull();
        assertThat(call.getRequestTime()).isZero();
        assertThat(call.getServerKind()).isNull();
        assertThat(call.getAgentKind()).isNull();

        JsonNode body = tree(call.getResponseBody());
        assertThat(fieldNames(body)).containsExactly("id", "type", "role", "model", "content", "stop_reason",
                "stop_sequence", "usage");
        assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        assertThat(body.get("usage")).isEqualTo(tree("{\"input_tokens\":12,\"cache_creation_input_tokens\":1843,"
                + "\"cache_read_input_tokens\":20480,\"cache_creation\":{\"ephemeral_5m_input_tokens\":1843,"
                + "\"ephemeral_1h_input_tokens\":0},\"output_tokens\":187,\"service_tier\":\"standard\"}"));
        JsonNode content = body.get("content");
        assertThat(content).hasSize(4);
        assertThat(content.get(0)).isEqualTo(tree("{\"type\":\"thinking\",\"thinking\":\"The test fails on a header "
                + "with a colon. Read the parser and run the test.\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxGeA==\"}"));
        assertThat(content.get(1)).isEqualTo(tree("{\"type\":\"text\",\"text\":\"I'll read the parser and run the "
                + "failing test.\"}"));
        assertThat(content.get(2)).isEqualTo(tree("{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\","
                + "\"name\":\"Read\",\"input\":{\"file_path\":\"/workspace/http-demo/src/Parser.java\"}}"));
        assertThat(content.get(3).get("input").get("description").asText()).isEqualTo("Run the failing test");
    }

    @Test
    void requestToolsAndToolResultsComeFromTheRequest() {
        LlmCall call = decode("claude-cli-thinking-tools");

        assertThat(call.getRequestTools()).containsExactly("Agent", "Bash", "Edit", "Glob", "Grep", "Read");
        List<ToolResult> results = call.getToolResults();
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(new ToolResult("toolu_01A09q90qw90lq917835lq9", "Read", false,
                "     1\tpackage com.example.http;\n     2\t"));
        // role after content, blocks of text and an image: the text blocks joined
        assertThat(results.get(1)).isEqualTo(new ToolResult("toolu_01BX7nDPbVeLuVy9aRBSdhqG", "Bash", true,
                "Exit code 1\n[ERROR] Tests run: 3, Failures: 1"));
        // an id no tool_use in the history carries: no name; long content clipped
        assertThat(results.get(2).name()).isNull();
        assertThat(results.get(2).content()).hasSize(ToolResult.CONTENT_LIMIT);
    }

    @Test
    void interleavedParallelToolInputsAccumulatePerIndex() {
        List<SseEvent> events = events(text("interleaved-tools.response.sse"));
        LlmCall call = decode("interleaved-tools");

        assertThat(call.getModel()).isEqualTo("glm-4.6");
        assertThat(call.isModelSubstituted()).isTrue();
        assertThat(call.getToolCalls()).extracting(ToolCall::name).containsExactly("Grep", "Glob", "Read");
        assertThat(tree(call.getToolCalls().get(0).arguments()))
                .isEqualTo(tree("{\"pattern\":\"split\\\\(\\\":\\\"\",\"path\":\"src\"}"));
        assertThat(call.getToolCalls().get(1).arguments()).isEqualTo("{\"pattern\":\"**/*Test.java\"}");
        // never closed: kept verbatim in the call, as a raw string in the rebuilt body
        assertThat(call.getToolCalls().get(2).arguments()).isEqualTo("{\"file_path\": \"src/Parser.java\"");
        JsonNode content = tree(call.getResponseBody()).get("content");
        assertThat(content.get(2).get("input").isTextual()).isTrue();
        assertThat(content.get(2).get("input").asText()).isEqualTo("{\"file_path\": \"src/Parser.java\"");
        // message_delta's input_tokens 0 does not wipe message_start's count
        assertThat(call.getInputTokens()).isEqualTo(540);
        assertThat(call.getOutputTokens()).isEqualTo(61);
        // the tool_use start names the tool: that is the first output
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(1).timestampMicros());
    }

    @Test
    void errorEventInsideA200StreamMarksTheCallPartial() {
        List<SseEvent> events = events(text("overloaded-midstream.response.sse"));
        LlmCall call = decode("overloaded-midstream");

        assertThat(call.getErrorType()).isEqualTo("overloaded_error");
        assertThat(call.getErrorMessage()).isEqualTo("Overloaded");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error event");
        assertThat(call.getModel()).isEqualTo("claude-opus-4-1-20250805");
        assertThat(call.getInputTokens()).isEqualTo(2095);
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(2).timestampMicros());
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.get("content").get(0).get("text").asText()).isEqualTo("Looking at the stack trace");
        assertThat(body.get("error")).isEqualTo(tree("{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}"));
    }

    @Test
    void serverToolsCitationsRedactedThinkingAndStopSequence() {
        LlmCall call = decode("web-search-citations");

        assertThat(call.getFinishReason()).isEqualTo("stop_sequence");
        // server-run tools are not tool calls of the client
        assertThat(call.getToolCalls()).isEmpty();
        assertThat(call.isPartial()).isFalse();
        JsonNode body = tree(call.getResponseBody());
        assertThat(body.get("stop_sequence").asText()).isEqualTo("\n\nHuman:");
        JsonNode content = body.get("content");
        assertThat(content).hasSize(4);
        assertThat(content.get(0).get("type").asText()).isEqualTo("redacted_thinking");
        assertThat(content.get(0).get("data").asText()).startsWith("EmwKAhgB");
        assertThat(content.get(1)).isEqualTo(tree("{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_014hJH82Qum7Td6UV8gDXThB\","
                + "\"name\":\"web_search\",\"input\":{\"query\":\"RFC 9110 header field values colon\"}}"));
        assertThat(content.get(2).get("type").asText()).isEqualTo("web_search_tool_result");
        assertThat(content.get(2).get("content").get(0).get("url").asText()).isEqualTo("https://www.rfc-editor.org/rfc/rfc9110");
        assertThat(content.get(3).get("text").asText())
                .isEqualTo("A field value may contain colons, so split on the first one only.");
        assertThat(content.get(3).get("citations")).hasSize(1);
        assertThat(content.get(3).get("citations").get(0).get("cited_text").asText())
                .isEqualTo("field-value = *field-content");
        assertThat(body.get("usage").get("server_tool_use").get("web_search_requests").asInt()).isEqualTo(1);
    }

    @Test
    void streamCutOffMidToolInput() {
        List<SseEvent> events = events(text("cut-off-tool-input.response.sse"));
        HttpResponse cut = sse(events, false);
        LlmCall call = decoder.decode(exchange(claudeRequest(resource("claude-cli-tools.request.json")), cut,
                "connection closed before the response ended"));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo(
                "stream ended before message_stop; connection closed before the response ended");
        assertThat(call.getToolCalls()).containsExactly(
                new ToolCall(0, "toolu_01CutOff", "Edit", "{\"file_path\": \"src/Parser.java\", \"old_str"));
        assertThat(call.getOutputTokens()).isEqualTo(1);
        assertThat(tree(call.getResponseBody()).get("content").get(0).get("input").asText()).endsWith("\"old_str");
    }

    @Test
    void brokenAndForeignEventsAreSkippedAndCounted() {
        List<SseEvent> events = new ArrayList<>(events(text("claude-cli-thinking-tools.response.sse")));
        events.add(2, new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{",
                null, 7));
        events.add(3, new SseEvent(null, "[DONE]", null, 8));
        events.add(4, new SseEvent("something_new", "{\"type\":\"something_new\",\"x\":[1,2]}", null, 9));
        events.add(5, new SseEvent("ping", "", null, 10));
        LlmCall call = decoder.decode(exchange(claudeRequest("{}"), sse(events, true)));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("1 event(s) without valid JSON data skipped");
        assertThat(call.getToolCalls()).hasSize(2);
        assertThat(call.getFinishReason()).isEqualTo("tool_use");
        assertThat(call.getRequestModel()).isNull();
    }

    @Test
    void eventNamesAloneAndDataTypesAloneBothWork() {
        // a proxy that drops the event: lines (Bedrock-like JSON), and one that drops the data's type
        String text = "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\","
                + "\"usage\":{\"input_tokens\":5}}}\n\n"
                + "event: content_block_delta\ndata: {\"index\":0,\"delta\":{\"text\":\"hi\"}}\n\n"
                + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HttpResponse plain = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type", "text/plain"),
                bytes, bytes.length, false, List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(claudeRequest("{\"model\":\"claude-x\",\"stream\":true}"), plain));

        assertThat(call.isStream()).isTrue();
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getFinishReason()).isEqualTo("end_turn");
        assertThat(call.getTotalTokens()).isEqualTo(7);
        assertThat(call.getFirstTokenTime()).isZero(); // body text has no packet times
        assertThat(tree(call.getResponseBody()).get("content").get(0))
                .isEqualTo(tree("{\"type\":\"text\",\"text\":\"hi\"}"));
    }

    @Test
    void emptyEventStreamAndMissingResponse() {
        HttpResponse empty = new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "text/event-stream"), new byte[0], 0, false, List.of(), 1, 2, true);
        LlmCall call = decoder.decode(exchange(claudeRequest("{\"model\":\"claude-x\",\"stream\":true}"), empty));
        assertThat(call.isStream()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("event stream carried no events");

        LlmCall none = decoder.decode(exchange(claudeRequest("{\"model\":\"claude-x\",\"stream\":true}"), null,
                "no response before connection closed"));
        assertThat(none.isStream()).isTrue();
        assertThat(none.getModel()).isEqualTo("claude-x");
        assertThat(none.getPartialReason()).isEqualTo("no response before connection closed");
        assertThat(decoder.decode(null).getPartialReason()).isEqualTo("no exchange");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
