package org.egret.storage.clickhouse.internal;

import java.io.IOException;
import org.egret.storage.conformance.BackendUnderTest;
import org.egret.storage.conformance.CallGroupsConformance;
import org.egret.storage.conformance.CallsConformance;
import org.egret.storage.conformance.ExchangesConformance;
import org.egret.storage.conformance.HealthSamplesConformance;
import org.egret.storage.conformance.RestartConformance;
import org.egret.storage.conformance.RetentionConformance;
import org.egret.storage.conformance.RollupsConformance;
import org.egret.storage.conformance.SessionsConformance;
import org.egret.storage.conformance.TurnsConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The storage contract's conformance suite, unchanged, against one real ClickHouse server for the whole class and a
 * database of its own per test.
 */
class ClickHouseConformanceTest {
    static ClickHouseServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = ClickHouseServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Nested
    class Calls extends CallsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class CallGroups extends CallGroupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Exchanges extends ExchangesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Turns extends TurnsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Sessions extends SessionsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Rollups extends RollupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class HealthSamples extends HealthSamplesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Retention extends RetentionConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }

    @Nested
    class Restart extends RestartConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(server);
        }
    }
}
