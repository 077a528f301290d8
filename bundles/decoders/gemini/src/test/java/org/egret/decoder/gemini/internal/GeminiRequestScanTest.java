package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.ToolResult;
import org.junit.jupiter.api.Test;

class GeminiRequestScanTest {

    @Test
    void declaredFunctionsAndBuiltInToolsInOrderBothSpellings() {
        GeminiRequestScan scan = scan("{\"tools\":[{\"functionDeclarations\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
                + "{\"googleSearch\":{}},{\"code_execution\":{}},{\"function_declarations\":[{\"name\":\"c\","
                + "\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"name\":{\"type\":\"STRING\"}}}}]}],"
                + "\"contents\":[]}");
        assertThat(scan.requestTools()).containsExactly("a", "b", "googleSearch", "code_execution", "c");
    }

    @Test
    void functionResponsesAreLinkedByIdElseByName() {
        String big = "x".repeat(ToolResult.CONTENT_LIMIT + 100);
        GeminiRequestScan scan = scan("{\"contents\":["
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"c1\",\"name\":\"read_file\",\"args\":{}}},"
                + "{\"functionCall\":{\"name\":\"glob\",\"args\":{\"pattern\":\"*\"}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"c1\",\"name\":\"renamed\","
                + "\"response\":{\"output\":\"" + big + "\"}}},"
                + "{\"functionResponse\":{\"name\":\"glob\",\"response\":{\"error\":\"no such dir\"}}}]},"
                + "{\"role\":\"function\",\"parts\":[{\"function_response\":{\"name\":\"other\",\"response\":{}}}]}]}");
        List<ToolResult> results = scan.toolResults();
        assertThat(results).hasSize(3);
        assertThat(results.get(0).toolCallId()).isEqualTo("c1");
        assertThat(results.get(0).name()).isEqualTo("read_file");
        assertThat(results.get(0).error()).isFalse();
        assertThat(results.get(0).content()).hasSize(ToolResult.CONTENT_LIMIT).startsWith("{\"output\":\"xxx");
        assertThat(results.get(1)).isEqualTo(new ToolResult("glob", "glob", true, "{\"error\":\"no such dir\"}"));
        assertThat(results.get(2)).isEqualTo(new ToolResult("other", "other", false, "{}"));
    }

    @Test
    void aCutOffRequestKeepsWhatCameBeforeTheCut() {
        GeminiRequestScan scan = scan("{\"model\":\"gemini-2.5-flash\",\"tools\":[{\"functionDeclarations\":"
                + "[{\"name\":\"a\"}]}],\"contents\":[{\"parts\":[{\"functionResponse\":{\"name\":\"a\",\"resp");
        assertThat(scan.model()).isEqualTo("gemini-2.5-flash");
        assertThat(scan.requestTools()).containsExactly("a");
        assertThat(scan.toolResults()).isEmpty();
        assertThat(GeminiRequestScan.of(null).requestTools()).isEmpty();
        assertThat(GeminiRequestScan.of("[]".getBytes(StandardCharsets.UTF_8)).toolResults()).isEmpty();
    }

    private static GeminiRequestScan scan(String json) {
        return GeminiRequestScan.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
