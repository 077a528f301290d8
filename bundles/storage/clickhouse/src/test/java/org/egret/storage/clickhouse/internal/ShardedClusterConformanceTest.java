package org.egret.storage.clickhouse.internal;

import java.io.IOException;
import java.util.List;
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
 * The storage contract's conformance suite, unchanged, through the Distributed tables of a cluster of two real
 * servers (two shards, started once for the class), a database of its own per test: every query must answer with
 * the union of both shards, in the same order and pages as on one server.
 */
class ShardedClusterConformanceTest {
    static List<ClickHouseServer> shards = List.of();

    @BeforeAll
    static void startShards() throws IOException {
        shards = ClickHouseServer.startShards();
    }

    @AfterAll
    static void stopShards() {
        shards.forEach(ClickHouseServer::close);
    }

    @Nested
    class Calls extends CallsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class CallGroups extends CallGroupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Exchanges extends ExchangesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Turns extends TurnsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Sessions extends SessionsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Rollups extends RollupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class HealthSamples extends HealthSamplesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Retention extends RetentionConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }

    @Nested
    class Restart extends RestartConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new ClickHouseUnderTest(shards, ClickHouseServer.CLUSTER);
        }
    }
}
