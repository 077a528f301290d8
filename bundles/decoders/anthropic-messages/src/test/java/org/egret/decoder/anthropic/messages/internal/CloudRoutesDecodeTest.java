package org.egret.decoder.anthropic.messages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.exchange;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.events;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.json;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.post;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.sse;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.text;
import static org.egret.decoder.anthropic.messages.internal.Exchanges.tree;

import java.util.Arrays;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ToolCall;
import org.egret.api.http.BodyTimeline;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.http.SseEvent;
import org.junit.jupiter.api.Test;

/** Anthropic models behind Amazon Bedrock (binary event-stream frames) and Vertex AI (SSE, model in the path). */
class CloudRoutesDecodeTest {

    private static final String BEDROCK_STREAM =
            "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream";
    private static final String BEDROCK_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":512,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Read the parser.\"}],"
            + "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}}]}";

    private final AnthropicMessagesDecoder decoder = new AnthropicMessagesDecoder();

    private static HttpRequest bedrockRequest(String target) {
        return post(target, BEDROCK_BODY, "content-type", "application/json", "x-amz-date", "20260101T000000Z",
                "authorization", "AWS4-HMAC-SHA256 Credential=AKIAFIXTUREKEY/20260101/us-east-1/bedrock/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=0000");
    }

    private static HttpResponse eventStream(byte[] body, boolean complete) {
        return new HttpResponse(200, "OK", "HTTP/1.1", Exchanges.headers("content-type",
                "application/vnd.amazon.eventstream", "x-amzn-requestid", "3c5e6f2a-0000-4000-8000-000000000000",
                "x-amzn-bedrock-content-type", "application/json"), body, body.length, false, List.of(),
                Exchanges.REQUEST_START + 300_000, Exchanges.REQUEST_START + 900_000, complete);
    }

    /** The events of a fixture as Bedrock frames, in order. */
    private static EventStreamFrames framesOf(String fixture) {
        EventStreamFrames frames = new EventStreamFrames();
        for (SseEvent e : events(text(fixture + ".response.sse"))) {
            if (!"ping".equals(e.event())) {
                frames.chunk(e.data());
            }
        }
        return frames;
    }

    @Test
    void bedrockStreamFramesAreDecodedLikeSse() {
        EventStreamFrames frames = framesOf("claude-cli-thinking-tools").chunk("{\"type\":\"message_stop\","
                + "\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,\"outputTokenCount\":187,"
                + "\"invocationLatency\":2212,\"firstByteLatency\":611}}");
        LlmCall call = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(frames.bytes(), true)));

        assertThat(call.isStream()).isTrue();
        assertThat(call.getRequestModel()).isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(call.getModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.getFinishReason()).isEqualTo("tool_use");
        assertThat(call.getInputTokens()).isEqualTo(12);
        assertThat(call.getOutputTokens()).isEqualTo(187);
        assertThat(call.getCacheReadInputTokens()).isEqualTo(20480);
        assertThat(call.getToolCalls()).extracting(ToolCall::name).containsExactly("Read", "Bash");
        assertThat(call.getRequestTools()).containsExactly("Read");
        // undated body: no first-token time
        assertThat(call.getFirstTokenTime()).isZero();
        assertThat(call.isPartial()).isFalse();
        assertThat(tree(call.getResponseBody()).get("content")).hasSize(4);
    }

    @Test
    void aBedrockFrameIsDatedByThePacketThatCompletedIt() throws Exception {
        byte[] body = framesOf("claude-cli-thinking-tools").bytes();
        // as the capture layer records it: each frame in a packet of its own, 10 ms apart
        long[] offsets = new long[256];
        long[] micros = new long[256];
        int n = 0;
        int firstDelta = -1;
        for (int at = 0; at < body.length; n++) {
            offsets[n] = at;
            micros[n] = Exchanges.REQUEST_START + 300_000 + 10_000L * n;
            int total = java.nio.ByteBuffer.wrap(body, at, 4).getInt();
            String frame = new String(body, at, total, java.nio.charset.StandardCharsets.ISO_8859_1);
            int from = frame.indexOf("\"bytes\":\"") + 9;
            String b64 = frame.substring(from, frame.indexOf('"', from));
            String event = new String(java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
            if (firstDelta < 0 && event.contains("\"type\":\"content_block_delta\"")) {
                firstDelta = n;
            }
            at += total;
        }
        HttpResponse dated = new HttpResponse(200, "OK", "HTTP/1.1",
                Exchanges.headers("content-type", "application/vnd.amazon.eventstream"), body, body.length, false,
                List.of(), micros[0], micros[n - 1], true, BodyTimeline.of(offsets, micros, n));

        LlmCall call = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), dated));

        assertThat(firstDelta).as("the fixture has a delta after its start").isPositive();
        assertThat(call.getFirstTokenTime()).isEqualTo(micros[firstDelta]);
        assertThat(call.isPartial()).as(call.getPartialReason()).isFalse();
    }

    @Test
    void bedrockModelIdsAreComparedInAnthropicsForm() {
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_01\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],\"usage\":{\"input_tokens\":9,"
                + "\"output_tokens\":1}}}";
        byte[] body = new EventStreamFrames().chunk(start)
                .chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}")
                .chunk("{\"type\":\"message_stop\"}").bytes();
        LlmCall call = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(body, true)));
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getModel()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(call.getResponseId()).isEqualTo("msg_bdrk_01");

        LlmCall arn = decoder.decode(exchange(bedrockRequest("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333"
                + "%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream"),
                eventStream(body, true)));
        assertThat(arn.getRequestModel()).startsWith("arn:aws:bedrock:").endsWith("/us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(arn.isModelSubstituted()).isFalse();
    }

    @Test
    void bedrockExceptionFrameAndMetricsAsUsageFallback() {
        byte[] body = new EventStreamFrames()
                .chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_02\",\"model\":\"claude-3-haiku-20240307\","
                        + "\"content\":[]}}")
                .chunk("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                .chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}")
                .exception("throttlingException", "Too many tokens, please wait before trying again.").bytes();
        LlmCall call = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(body, true)));

        assertThat(call.getErrorType()).isEqualTo("throttlingException");
        assertThat(call.getErrorMessage()).isEqualTo("Too many tokens, please wait before trying again.");
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo("stream ended with an error event");
        assertThat(tree(call.getResponseBody()).get("content").get(0).get("text").asText()).isEqualTo("Hel");

        byte[] metricsOnly = new EventStreamFrames()
                .chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}")
                .chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":30,"
                        + "\"outputTokenCount\":7,\"cacheReadInputTokenCount\":16,\"cacheWriteInputTokenCount\":4}}").bytes();
        LlmCall m = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(metricsOnly, true)));
        assertThat(m.getInputTokens()).isEqualTo(30);
        assertThat(m.getOutputTokens()).isEqualTo(7);
        assertThat(m.getCacheReadInputTokens()).isEqualTo(16);
        assertThat(m.getCacheCreationInputTokens()).isEqualTo(4);
        assertThat(m.getModel()).isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");
    }

    @Test
    void bedrockStreamCutMidFrameOrDamaged() {
        byte[] whole = framesOf("claude-cli-thinking-tools").bytes();
        // only message_stop lost: the stop reason arrived, the stream itself is not called unfinished
        byte[] lastFrameCut = Arrays.copyOf(whole, whole.length - 20);
        LlmCall late = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(lastFrameCut, false)));
        assertThat(late.getPartialReason()).isEqualTo("event stream cut off mid-frame; response cut off before its end");
        assertThat(late.getToolCalls()).hasSize(2);

        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        LlmCall call = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(cut, false)));
        assertThat(call.isPartial()).isTrue();
        assertThat(call.getPartialReason()).isEqualTo(
                "event stream cut off mid-frame; stream ended before message_stop; response cut off before its end");
        assertThat(call.getFinishReason()).isNull();
        assertThat(tree(call.getResponseBody()).get("content").get(0).get("type").asText()).isEqualTo("thinking");

        byte[] damaged = whole.clone();
        damaged[40] ^= 0x5a; // inside the first frame's headers: its message CRC fails
        LlmCall d = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(damaged, true)));
        assertThat(d.getPartialReason()).startsWith("1 event stream frame(s) failed their CRC and were skipped");
        assertThat(d.getFinishReason()).isEqualTo("tool_use");

        byte[] garbage = "not frames at all, just text".getBytes();
        LlmCall g = decoder.decode(exchange(bedrockRequest(BEDROCK_STREAM), eventStream(garbage, true)));
        assertThat(g.isPartial()).isTrue();
        assertThat(g.getPartialReason()).startsWith("event stream frame 0 has a damaged prelude");
    }

    @Test
    void bedrockNonStreamingInvoke() {
        String message = "{\"id\":\"msg_bdrk_03\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-3-5-haiku-20241022\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":3}}";
        LlmCall call = decoder.decode(exchange(bedrockRequest("/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke"),
                json(200, message)));
        assertThat(call.isStream()).isFalse();
        assertThat(call.getRequestModel()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(call.getModel()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.getFinishReason()).isEqualTo("end_turn");
        assertThat(call.getTotalTokens()).isEqualTo(28);
    }

    @Test
    void vertexStreamRawPredict() {
        String target = "/v1/projects/p-1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929"
                + ":streamRawPredict";
        HttpRequest request = post(target, "{\"anthropic_version\":\"vertex-2023-10-16\",\"stream\":true,"
                + "\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", "Bearer ya29.FIXTUREKEY", "content-type", "application/json");
        List<SseEvent> events = events(text("claude-cli-thinking-tools.response.sse"));
        LlmCall call = decoder.decode(exchange(request, sse("claude-cli-thinking-tools")));

        assertThat(call.getRequestModel()).isEqualTo("claude-sonnet-4-5@20250929");
        assertThat(call.getModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.isModelSubstituted()).isFalse();
        assertThat(call.isStream()).isTrue();
        assertThat(call.getFirstTokenTime()).isEqualTo(events.get(3).timestampMicros());
        assertThat(call.getToolCalls()).hasSize(2);
    }
}
