package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.T0;

import java.util.List;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.StorageException;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** Credentials, URLs and names: what works, and the clear errors of what does not. */
class ConnectionSettingsTest extends ClickHouseTestBase {

    @Test
    void aUserWithAPasswordWritesAndReads() throws Exception {
        ClickHouseStorage storage = openBuffered(server.url(), uniqueDatabase(), "user", ClickHouseServer.USER,
                "password", ClickHouseServer.PASSWORD);
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(1, T0)));
        storage.flush();

        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(1);
        assertThat(storage.status().location()).doesNotContain(ClickHouseServer.PASSWORD)
                .isEqualTo(server.url() + "/" + storage.status().location().substring(server.url().length() + 1));
    }

    @Test
    void thePrivatePasswordKeyWorksAndIsNoServiceProperty() throws Exception {
        ClickHouseStorage storage = openBuffered(server.url(), uniqueDatabase(), "user", ClickHouseServer.USER,
                ".password", ClickHouseServer.PASSWORD, "password", "ignored");
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(3, T0)));
        storage.flush();

        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(1);
    }

    @Test
    void credentialsInTheUrlAreUsedAndNeverShown() throws Exception {
        String url = "http://" + ClickHouseServer.USER + ":s3cr%27et%22pw@127.0.0.1:" + server.httpPort;
        String db = uniqueDatabase();
        ClickHouseStorage storage = openBuffered(url, db, "user", "nobody");
        storage.writeCalls(List.of(ConformanceTraffic.fullCall(2, T0)));
        storage.flush();

        assertThat(storage.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(1);
        assertThat(storage.status().location()).isEqualTo(server.url() + "/" + db);
    }

    @Test
    void aWrongPasswordStopsTheStartWithAClearErrorWithoutThePassword() {
        assertThatThrownBy(() -> openBuffered(server.url(), uniqueDatabase(), "user", ClickHouseServer.USER,
                "password", "wrong-secret-value"))
                .isInstanceOf(StorageException.class).hasMessageContaining("schema setup failed")
                .hasMessageContaining("ClickHouse answered 401").hasMessageContaining("Wrong password").hasMessageNotContaining("wrong-secret-value");
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> openBuffered(server.url(), "my-db")).isInstanceOf(StorageException.class)
                .hasMessage("database must be letters, digits and '_' (not starting with a digit), got 'my-db'");
        assertThatThrownBy(() -> openBuffered("ftp://u:pw@host", "egret")).isInstanceOf(StorageException.class)
                .hasMessage("url must be http://host:port or https://host:port, got 'ftp://host'");
        assertThatThrownBy(() -> openBuffered(server.url(), "egret", "cluster", "c;DROP"))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("cluster must be letters");
        assertThatThrownBy(() -> openBuffered(server.url(), "egret", "buffer_mb", 0))
                .isInstanceOf(StorageException.class).hasMessageContaining("buffer_mb must be >= 1");
    }
}
