package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.ExchangeRecord;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Bodies of 4 KiB and more are stored as day-scoped content blocks and rebuilt byte for byte. */
class BodyBlocksTest extends ClickHouseTestBase {

    @Test
    void aConversationsRepeatedContentIsStoredOnce() throws Exception {
        ClickHouseStorage storage = open();
        // each call resends the whole conversation so far plus one new message, as agents do
        StringBuilder conversation = new StringBuilder(ConformanceTraffic.largeRequest(0));
        List<LlmCall> calls = new ArrayList<>();
        long captured = 0;
        for (int i = 0; i < 10; i++) {
            conversation.append("{\"role\":\"user\",\"content\":\"turn ").append(i).append(' ')
                    .append(ConformanceTraffic.UNICODE.repeat(20)).append("\"},");
            LlmCall call = ConformanceTraffic.fullCall(i, T0 + i).setRequestBody(conversation.toString());
            calls.add(call);
            captured += call.getRequestBody().getBytes(StandardCharsets.UTF_8).length
                    + call.getResponseBody().getBytes(StandardCharsets.UTF_8).length;
        }
        for (LlmCall c : calls) {
            storage.writeCalls(List.of(c));
        }

        for (LlmCall c : calls) {
            assertThat(storage.findCall(c.getId()).orElseThrow().getRequestBody()).isEqualTo(c.getRequestBody());
        }
        long blockBytes = Long.parseLong(server.sql("SELECT sum(length(data)) FROM " + database + ".body_blocks"));
        assertThat(blockBytes).as("stored block bytes of %d captured body bytes", captured)
                .isLessThan(captured / 3);
        assertThat(server.sql("SELECT countIf(isNotNull(request_body)), countIf(isNotNull(request_body_blocks)) FROM "
                + database + ".call_bodies")).isEqualTo("0\t10");
    }

    @Test
    void binaryExchangeBodiesAboveTheThresholdSurvive() throws Exception {
        ClickHouseStorage storage = open();
        byte[] binary = ConformanceTraffic.incompressible(100_000);
        binary[10] = 0;
        binary[11] = '"';
        binary[12] = '\\';
        ExchangeRecord written = ConformanceTraffic.withBodies(3, binary, ConformanceTraffic.largeStream(3));
        storage.writeExchanges(List.of(written));

        ExchangeRecord read = storage.findExchange(written.id()).orElseThrow();

        assertThat(read.exchange().request().body()).isEqualTo(binary);
        assertThat(read.exchange().response().body()).isEqualTo(written.exchange().response().body());
        assertThat(Long.parseLong(server.sql("SELECT count() FROM " + database + ".body_blocks")))
                .isGreaterThan(2);
    }

    @Test
    void aBodyWhoseBlocksAreGoneIsNullNotAnError() throws Exception {
        ClickHouseStorage storage = open();
        LlmCall call = ConformanceTraffic.fullCall(4, T0).setRequestBody(ConformanceTraffic.largeRequest(4));
        storage.writeCalls(List.of(call));
        server.sql("ALTER TABLE " + database + ".body_blocks DROP PARTITION " + BodyBlocks.day(T0));

        LlmCall read = storage.findCall(call.getId()).orElseThrow();

        assertThat(read.getRequestBody()).isNull();
        assertThat(read.getResponseBody()).as("small bodies stay in the row").isEqualTo(call.getResponseBody());
        assertThat(read.getModel()).isEqualTo(call.getModel());
    }

    @Test
    void theSameBlockOnAnotherDayIsStoredForThatDayToo() throws Exception {
        ClickHouseStorage storage = open();
        String body = ConformanceTraffic.largeRequest(5);
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(5, T0).setRequestBody(body)));
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(6, T0 + 86_400_000_000L).setRequestBody(body)));

        assertThat(server.sql("SELECT uniqExact(day) FROM " + database + ".body_blocks")).isEqualTo("2");
        assertThat(storage.findCall(ConformanceTraffic.id(6)).orElseThrow().getRequestBody()).isEqualTo(body);
    }
}
