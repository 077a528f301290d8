package org.egret.decoder.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.gemini.internal.Exchanges.exchange;
import static org.egret.decoder.gemini.internal.Exchanges.fixtureRequest;
import static org.egret.decoder.gemini.internal.Exchanges.json;
import static org.egret.decoder.gemini.internal.Exchanges.resource;
import static org.egret.decoder.gemini.internal.Exchanges.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.BodyTimeline;
import org.egret.api.http.HttpResponse;
import org.junit.jupiter.api.Test;

class JsonArrayStreamDecodeTest {

    private static final String ARRAY_STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private final GeminiDecoder decoder = new GeminiDecoder();

    @Test
    void realJsonArrayStreamIsMergedElementByElement() {
        // as the capture layer dates the body: "[" in one packet, then each element in a packet of its own
        byte[] body = resource("gemini-json-array.response.json");
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int elements = 0;
        long[] offsets = new long[64];
        long[] micros = new long[64];
        offsets[0] = 0;
        micros[0] = Exchanges.REQUEST_START + 200_000;
        offsets[1] = 1;
        micros[1] = Exchanges.REQUEST_START + 250_000;
        int n = 2;
        for (int at = text.indexOf(",\r\n{"); at >= 0; at = text.indexOf(",\r\n{", at + 1)) {
            offsets[n] = text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            micros[n] = Exchanges.REQUEST_START + 250_000 + 10_000L * ++elements;
            n++;
        }
        HttpResponse dated = new HttpResponse(200, "OK", "HTTP/1.1",
                Exchanges.headers("content-type", "application/json; charset=UTF-8"), body, body.length, false,
                List.of(), Exchanges.REQUEST_START + 200_000, Exchanges.REQUEST_START + 400_000, true,
                BodyTimeline.of(offsets, micros, n));
        LlmCall call = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array"), dated));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getModel()).isEqualTo("gemini-2.5-flash");
        assertThat(call.getFinishReason()).isEqualTo("STOP");
        assertThat(call.getInputTokens()).isEqualTo(40);
        assertThat(call.getOutputTokens()).isEqualTo(181);
        assertThat(call.getReasoningTokens()).isEqualTo(95);
        assertThat(call.getTotalTokens()).isEqualTo(221);
        // the first element (a thought) is complete in the second packet
        assertThat(elements).isGreaterThan(2);
        assertThat(call.getFirstTokenTime()).isEqualTo(Exchanges.REQUEST_START + 250_000);
        assertThat(call.isPartial()).as(call.getPartialReason()).isFalse();
        JsonNode parts = tree(call.getResponseBody()).at("/candidates/0/content/parts");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).get("thought").asBoolean()).isTrue();
        assertThat(parts.get(0).get("text").asText()).startsWith("**Understanding the request**");
        assertThat(parts.get(1).get("text").asText()).startsWith("Use virtual threads when the work is I/O-bound")
                .endsWith("keep a sized platform pool for that.");
        assertThat(parts.get(1).get("thoughtSignature").asText()).isNotEmpty();
    }

    @Test
    void anUndatedArrayHasNoFirstTokenTime() {
        LlmCall call = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array"),
                json(200, resource("gemini-json-array.response.json"))));
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
    }

    @Test
    void aCutOffArrayKeepsItsCompleteElements() {
        byte[] whole = resource("gemini-json-array.response.json");
        String text = new String(whole, java.nio.charset.StandardCharsets.UTF_8);
        // cut in the middle of the fourth element
        int cut = nthIndexOf(text, ",\r\n{", 3) + 40;
        byte[] head = Arrays.copyOf(whole, cut);
        HttpResponse response = new HttpResponse(200, "OK", "HTTP/1.1",
                Exchanges.headers("content-type", "application/json; charset=UTF-8"), head, head.length, false,
                List.of(), Exchanges.REQUEST_START + 1, Exchanges.REQUEST_START + 2, false);
        LlmCall call = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array"), response));

        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).startsWith("JSON-array stream cut off after 3 complete element(s)")
                .endsWith("response cut off before its end");
        assertThat(call.getFinishReason()).isNull();
        assertThat(call.getInputTokens()).isEqualTo(40);
        String thought = tree(call.getResponseBody()).at("/candidates/0/content/parts/0/text").asText();
        assertThat(thought).startsWith("**Understanding the request**");
        JsonNode full = tree(text);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            expected.append(full.get(i).at("/candidates/0/content/parts/0/text").asText());
        }
        assertThat(thought).isEqualTo(expected.toString());
    }

    @Test
    void errorsOfTheArrayStreamComeWrappedInAnArray() {
        LlmCall call = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array-429"),
                json(429, resource("gemini-json-array-429.response.json"))));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getErrorType()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(call.getErrorMessage()).startsWith("You exceeded your current quota")
                .contains("model: gemini-2.5-flash");
        assertThat(call.isPartial()).isFalse();
        assertThat(call.getResponseBody()).startsWith("[\n  {\n    \"error\"");
    }

    @Test
    void anArrayThatIsNotClosedIsPartial() {
        LlmCall call = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array"),
                json(200, "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}]}")));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).startsWith("JSON-array stream cut off after 1 complete element(s)");
        assertThat(call.getFinishReason()).isEqualTo("STOP");

        LlmCall garbage = decoder.decode(exchange(fixtureRequest(ARRAY_STREAM, "gemini-json-array"),
                json(200, "[1, {\"candidates\": oops")));
        assertThat(garbage.isPartial()).isTrue();
        assertThat(garbage.getPartialReason()).startsWith("JSON-array stream cut off after 0 complete element(s)");
    }

    private static int nthIndexOf(String s, String what, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf(what, at + 1);
        }
        return at;
    }
}
