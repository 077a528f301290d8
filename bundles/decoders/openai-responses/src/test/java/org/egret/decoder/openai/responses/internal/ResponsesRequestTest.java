package org.egret.decoder.openai.responses.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.egret.api.decode.ToolResult;
import org.junit.jupiter.api.Test;

class ResponsesRequestTest {

    @Test
    void declaredToolsByNameElseByType() {
        ResponsesRequest r = read("{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\"},"
                + "{\"type\":\"custom\",\"name\":\"apply_patch\"},{\"type\":\"web_search_preview\"},"
                + "{\"type\":\"file_search\",\"vector_store_ids\":[\"vs_1\"]},{\"type\":\"mcp\",\"server_label\":\"docs\"},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"chat_style\"}},{\"type\":\"local_shell\"},7]}");
        assertThat(r.tools).containsExactly("get_weather", "apply_patch", "web_search_preview", "file_search", "mcp",
                "chat_style", "local_shell");
        assertThat(r.model).isEqualTo("m");
    }

    @Test
    void resultsAreLinkedToTheirCallsWhereverTheCallIs() {
        ResponsesRequest r = read("{\"input\":["
                + "{\"type\":\"function_call_output\",\"call_id\":\"c0\",\"output\":\"early\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"c0\",\"name\":\"lookup\",\"arguments\":\"{}\"},"
                + "{\"type\":\"local_shell_call\",\"call_id\":\"c1\",\"action\":{\"type\":\"exec\",\"command\":[\"ls\"]}},"
                + "{\"type\":\"local_shell_call_output\",\"call_id\":\"c1\",\"output\":\"a\\nb\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"unknown\",\"output\":[{\"type\":\"input_text\",\"text\":\"x\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\"},{\"type\":\"input_text\",\"text\":\"y\"}]}"
                + "]}");
        assertThat(r.toolResults).containsExactly(
                new ToolResult("c0", "lookup", false, "early"),
                new ToolResult("c1", "local_shell", false, "a\nb"),
                new ToolResult("unknown", null, false, "x\ny"));
    }

    @Test
    void failureIsTakenOnlyFromFieldsThatStateIt() {
        ResponsesRequest r = read("{\"input\":["
                + "{\"type\":\"function_call_output\",\"call_id\":\"a\",\"output\":\"Error: file not found\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"b\",\"output\":\"partial\",\"status\":\"incomplete\"},"
                + "{\"type\":\"apply_patch_call_output\",\"call_id\":\"c\",\"status\":\"failed\",\"output\":\"no such file\"},"
                + "{\"type\":\"apply_patch_call_output\",\"call_id\":\"d\",\"status\":\"completed\",\"output\":\"done\"},"
                + "{\"type\":\"shell_call_output\",\"call_id\":\"e\",\"output\":[{\"stdout\":\"\",\"stderr\":\"boom\","
                + "\"outcome\":{\"type\":\"exit\",\"exit_code\":2}}]},"
                + "{\"type\":\"shell_call_output\",\"call_id\":\"f\",\"output\":[{\"stdout\":\"ok\",\"stderr\":\"\","
                + "\"outcome\":{\"type\":\"exit\",\"exit_code\":0}}]},"
                + "{\"type\":\"shell_call_output\",\"call_id\":\"g\",\"output\":[{\"stdout\":\"\",\"stderr\":\"\","
                + "\"outcome\":{\"type\":\"timeout\"}}]},"
                + "{\"type\":\"computer_call_output\",\"call_id\":\"h\",\"output\":{\"type\":\"computer_screenshot\","
                + "\"image_url\":\"data:x\"}}"
                + "]}");
        assertThat(r.toolResults).extracting(ToolResult::error).containsExactly(false, true, true, false, true, false,
                true, false);
        assertThat(r.toolResults.get(4).content()).isEqualTo("boom");
        assertThat(r.toolResults.get(7).content()).isEqualTo("{\"type\":\"computer_screenshot\",\"image_url\":\"data:x\"}");
    }

    @Test
    void codexShellOutputFailsOnANonZeroExitCodeInItsMetadata() {
        ResponsesRequest r = read("{\"input\":["
                + "{\"type\":\"function_call_output\",\"call_id\":\"a\",\"output\":\"{\\\"output\\\":\\\"boom\\\","
                + "\\\"metadata\\\":{\\\"exit_code\\\":2,\\\"duration_seconds\\\":0.1}}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"b\",\"output\":\"{\\\"output\\\":\\\"ok\\\","
                + "\\\"metadata\\\":{\\\"exit_code\\\":0}}\"},"
                // an exit_code outside metadata, text that only names one, and a cut-off output say nothing
                + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"{\\\"exit_code\\\":1}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"d\",\"output\":\"the \\\"exit_code\\\" was 3\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"e\",\"output\":\"{\\\"metadata\\\":{\\\"exit_code\\\":1\"}"
                + "]}");
        assertThat(r.toolResults).extracting(ToolResult::error).containsExactly(true, false, false, false, false);
    }

    @Test
    void longResultsAreClipped() {
        String big = "x".repeat(10_000);
        ResponsesRequest r = read("{\"input\":[{\"type\":\"custom_tool_call_output\",\"call_id\":\"a\",\"output\":\"" + big
                + "\"}]}");
        assertThat(r.toolResults.get(0).content()).hasSize(ToolResult.CONTENT_LIMIT);
    }

    @Test
    void truncatedBodyKeepsTheResultsBeforeTheCut() {
        String body = "{\"model\":\"gpt-5\",\"stream\":true,\"input\":[{\"type\":\"function_call\",\"call_id\":\"a\","
                + "\"name\":\"f\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"a\",\"output\":\"ok\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"b\",\"output\":\"cut here";
        ResponsesRequest r = read(body);
        assertThat(r.damaged).isTrue();
        assertThat(r.model).isEqualTo("gpt-5");
        assertThat(r.stream).isTrue();
        assertThat(r.toolResults).containsExactly(new ToolResult("a", "f", false, "ok"));
        assertThat(ResponsesRequest.of(Arrays.copyOf(body.getBytes(StandardCharsets.UTF_8), 3)).model).isNull();
        assertThat(ResponsesRequest.of(null).tools).isEmpty();
        assertThat(ResponsesRequest.of("[1]".getBytes(StandardCharsets.UTF_8)).damaged).isTrue();
    }

    @Test
    void stringInputHasNoResults() {
        ResponsesRequest r = read("{\"model\":\"m\",\"input\":\"hello\",\"instructions\":\"be brief\"}");
        assertThat(r.toolResults).isEmpty();
        assertThat(r.stream).isFalse();
    }

    private static ResponsesRequest read(String json) {
        return ResponsesRequest.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
