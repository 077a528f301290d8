package org.egret.api.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import org.egret.api.decode.LlmCall;
import org.junit.jupiter.api.Test;

class TranscriptBuilderTest {

    @Test
    void partsJoinAndEmptyMessagesAreDropped() {
        TranscriptBuilder b = new TranscriptBuilder("w");
        b.message("system").text("one").text("two");
        b.message("user");
        b.message("user").omitted("image");
        b.responseMessage("assistant").reasoning("think").reasoning(" ").text("answer");
        Transcript t = b.build();

        assertThat(t.messages()).extracting(TranscriptMessage::role).containsExactly("system", "user", "assistant");
        assertThat(t.messages().get(0).content()).isEqualTo("one\n\ntwo");
        assertThat(t.messages().get(1).content()).isEqualTo("[image omitted]");
        assertThat(t.messages().get(1).omitted()).containsExactly("image");
        assertThat(t.messages().get(2).reasoning()).isEqualTo("think");
        assertThat(t.messages().get(2).fromResponse()).isTrue();
        assertThat(t.messages().get(0).fromResponse()).isFalse();
        assertThat(t.complete()).isTrue();
    }

    @Test
    void theSystemPromptKeptApartComesFirst() {
        TranscriptBuilder b = new TranscriptBuilder("w");
        b.message("user").text("hi");
        b.systemPrompt().text("rules");
        b.systemPrompt().text("more rules");
        assertThat(b.build().messages()).extracting(TranscriptMessage::content)
                .containsExactly("rules\n\nmore rules", "hi");
    }

    @Test
    void resultsAreNamedByIdAndPairedByNameInOrderWithoutIds() {
        TranscriptBuilder b = new TranscriptBuilder("w");
        b.message("assistant").toolCall("a", "read", "{\"p\":1}").toolCall("b", "read", null).toolCall("c", "ls", "");
        b.toolResult("a", null).text("r1");
        b.toolResult(null, "ls").text("r3");
        b.toolResult(null, "read").text("r2").error(true);
        b.toolResult(null, "read").text("unmatched");
        Transcript t = b.build();

        assertThat(t.messages().get(0).toolCalls()).extracting(TranscriptToolCall::arguments)
                .containsExactly("{\"p\":1}", "{}", "{}");
        assertThat(t.messages().subList(1, 5)).extracting(TranscriptMessage::toolCallId)
                .containsExactly("a", "c", "b", null);
        assertThat(t.messages().subList(1, 5)).extracting(TranscriptMessage::name)
                .containsExactly("read", "ls", "read", "read");
        assertThat(t.messages().get(3).error()).isTrue();
        assertThat(t.messages().get(1).error()).isFalse();
    }

    @Test
    void unparsedArgumentsAreKeptAndNoted() {
        TranscriptBuilder b = new TranscriptBuilder("w");
        b.message("assistant").toolCallUnparsed("x", "f", "{\"a\":");
        b.problem("response body ends early, after 10 bytes").problem("response body ends early, after 10 bytes");
        Transcript t = b.build();
        assertThat(t.messages().get(0).toolCalls().get(0).arguments()).isEqualTo("{\"a\":");
        assertThat(t.problem()).isEqualTo(
                "arguments of tool call x are not valid JSON, kept as sent; response body ends early, after 10 bytes");
    }

    @Test
    void argumentsAsSentAreCompactedOrKept() {
        TranscriptBuilder b = new TranscriptBuilder("w");
        b.message("assistant").toolCallAsSent("a", "f", " {\"x\": 1} ", "{\"x\":1}")
                .toolCallAsSent("b", "f", "  ", null).toolCallAsSent("c", "f", "[1]", null);
        Transcript t = b.build();
        assertThat(t.messages().get(0).toolCalls()).extracting(TranscriptToolCall::arguments)
                .containsExactly("{\"x\":1}", "{}", "[1]");
        assertThat(t.problem()).isEqualTo("arguments of tool call c are not valid JSON, kept as sent");
    }

    @Test
    void readSkipsAnErrorAnswerNamesMissingBodiesAndNeverThrows() {
        TranscriptBuilder.BodyReader user = (body, out) -> out.message("user").text(body.text());
        TranscriptBuilder.BodyReader answer = (body, out) -> out.responseMessage("assistant").text(body.text());

        Transcript failed = TranscriptBuilder.read("w", new LlmCall().setRequestBody("q").setStatusCode(500)
                .setResponseBody("{\"error\":{}}"), user, answer);
        assertThat(failed.messages()).extracting(TranscriptMessage::content).containsExactly("q");
        assertThat(failed.problem()).isNull();

        Transcript unanswered = TranscriptBuilder.read("w", new LlmCall().setRequestBody("q"), user, answer);
        assertThat(unanswered.problem()).isEqualTo("no response was seen");
        Transcript expired = TranscriptBuilder.read("w", new LlmCall().setStatusCode(200)
                .setPartialReason("request_body_expired").setResponseBody("a"), user, answer);
        assertThat(expired.problem()).isEqualTo("request body has expired (retention)");
        assertThat(expired.messages()).extracting(TranscriptMessage::content).containsExactly("a");

        Transcript thrown = TranscriptBuilder.read("w", new LlmCall().setRequestBody("q").setStatusCode(200)
                .setResponseBody("a"), user, (body, out) -> {
                    throw new IllegalStateException("boom");
                });
        assertThat(thrown.messages()).hasSize(1);
        assertThat(thrown.problem()).isEqualTo("transcript not read whole: IllegalStateException");
        assertThat(TranscriptBuilder.read("w", null, user, answer).problem()).isEqualTo("no call");
    }

    @Test
    void cappedBodyIsReadOnlyToItsMarker() {
        String head = "{\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9";
        LlmCall call = new LlmCall().setRequestBody(head + "\n...[egret body cap: 1234 bytes elided]...\n" + "tail\"}]}");
        TranscriptBody body = TranscriptBody.request(call);
        assertThat(body.capped()).isTrue();
        assertThat(body.text()).isEqualTo(head);
        assertThat(body.unreadable("Unexpected end-of-input", true)).isEqualTo(
                "request body cut at the capture limit after " + (head.length() + 1) + " bytes (1234 bytes elided)");
        assertThat(body.missing()).isNull();
    }

    @Test
    void bodyProblemsSayWhichBodyAndWhy() {
        LlmCall call = new LlmCall().setRequestBody("{\"a\":").setPartialReason("x; response_body_expired");
        TranscriptBody request = TranscriptBody.request(call);
        assertThat(request.capped()).isFalse();
        assertThat(request.unreadable("eof", true)).isEqualTo("request body ends early, after 5 bytes");
        assertThat(request.unreadable("Unexpected character", false))
                .isEqualTo("request body is not valid JSON: Unexpected character");
        assertThat(request.notJson()).isEqualTo("request body is not JSON");
        assertThat(TranscriptBody.response(call).missing()).isEqualTo("response body has expired (retention)");
        assertThat(TranscriptBody.response(new LlmCall()).missing()).isEqualTo("response body was not stored");
        assertThat(TranscriptBody.response(call).text()).isNull();
    }
}
