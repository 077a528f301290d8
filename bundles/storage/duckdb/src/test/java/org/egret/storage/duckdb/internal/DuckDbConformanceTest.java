package org.egret.storage.duckdb.internal;

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
import org.junit.jupiter.api.Nested;

/** The storage contract's conformance suite, unchanged, against a real DuckDB file per test. */
class DuckDbConformanceTest {

    @Nested
    class Calls extends CallsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class CallGroups extends CallGroupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Exchanges extends ExchangesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Turns extends TurnsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Sessions extends SessionsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Rollups extends RollupsConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class HealthSamples extends HealthSamplesConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Retention extends RetentionConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }

    @Nested
    class Restart extends RestartConformance {
        @Override
        protected BackendUnderTest backendUnderTest() {
            return new DuckDbUnderTest();
        }
    }
}
