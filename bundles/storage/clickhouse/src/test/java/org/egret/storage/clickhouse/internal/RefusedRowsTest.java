package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Rows the server cannot take must neither block their table nor take good rows down with them. */
class RefusedRowsTest extends ClickHouseTestBase {

    private BufferedInserts writer(String db) throws Exception {
        ClickHouseHttp http = new ClickHouseHttp(URI.create(server.url() + "/"), "default", "", Duration.ofSeconds(10));
        new SchemaMigrations(http, db, "").migrate();
        return new BufferedInserts(http, db, false, 16 << 20, 600_000, () -> {
        });
    }

    private static WriteBuffer.Row good(int n) {
        LlmCall c = ConformanceTraffic.fullCall(n, T0 + n);
        return new WriteBuffer.Row(c.getId(), c.getRequestTime(), SpanRows.row(c));
    }

    private static WriteBuffer.Row bad(String id) {
        return new WriteBuffer.Row(id, T0, ("{\"id\":\"" + id + "\",\"request_us\":\"not a time\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRowTheServerRefusesIsDroppedAndCountedWhileTheRestIsStored() throws Exception {
        String db = uniqueDatabase();
        BufferedInserts writer = writer(db);
        List<WriteBuffer.Row> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(i == 37 ? bad("bad-37") : i == 80 ? bad("bad-80") : good(i));
        }
        writer.accept(Map.of("spans", rows));

        writer.flush();

        assertThat(server.sql("SELECT count() FROM " + db + ".spans")).isEqualTo("98");
        assertThat(writer.rowsRefused()).isEqualTo(2);
        assertThat(writer.bufferedRows()).isZero();
        assertThat(writer.lastError()).startsWith("2 spans rows refused by ClickHouse and dropped");
        assertThat(writer.failing()).isFalse();
    }

    @Test
    void whenNoRowGoesInTheRowsAreKept() throws Exception {
        String db = uniqueDatabase();
        BufferedInserts writer = writer(db);
        writer.accept(Map.of("spans", List.of(bad("only"))));

        assertThatThrownBy(writer::flush).isInstanceOf(StorageException.class).hasMessageContaining("Code: ");

        assertThat(writer.bufferedRows()).isEqualTo(1);
        assertThat(writer.failing()).isTrue();
        assertThat(writer.rowsRefused()).isZero();
    }

    @Test
    void aLoneSurrogateIsStoredAsAQuestionMarkNotRefused() throws Exception {
        ClickHouseStorage storage = open();
        LlmCall call = ConformanceTraffic.fullCall(1, T0).setErrorMessage("cut \uD83D here").setModel("m\uDE00")
                .setRequestTools(List.of("t\uD800"));
        storage.writeCalls(List.of(call));

        LlmCall read = storage.findCall(call.getId()).orElseThrow();

        assertThat(read.getErrorMessage()).isEqualTo("cut ? here");
        assertThat(read.getModel()).isEqualTo("m?");
        assertThat(read.getRequestTools()).containsExactly("t?");
        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(1);
    }
}
