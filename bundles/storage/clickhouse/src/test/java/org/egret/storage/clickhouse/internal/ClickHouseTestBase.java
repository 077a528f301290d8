package org.egret.storage.clickhouse.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.StorageException;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real ClickHouse server per test class; every storage a test opens gets a database of its own on it, so tests
 * never see each other's rows, and is closed after the test.
 */
abstract class ClickHouseTestBase {
    static ClickHouseServer server;

    private final List<ClickHouseStorage> opened = new ArrayList<>();
    String database;

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

    static String uniqueDatabase() {
        return "egret_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A storage on a fresh database whose writes are flushed at once, so a test reads what it wrote, with retention
     * off unless the properties say otherwise.
     */
    ClickHouseStorage open(Object... properties) throws StorageException {
        database = uniqueDatabase();
        return activate(new FlushingStorage(), withDefaults(server.url(), database, properties));
    }

    /** A storage that buffers as in production: rows reach ClickHouse on the flush interval or {@code flush()}. */
    ClickHouseStorage openBuffered(String url, String db, Object... properties) throws StorageException {
        return activate(new ClickHouseStorage(), withDefaults(url, db, properties));
    }

    private static Object[] withDefaults(String url, String db, Object... properties) {
        List<Object> all = new ArrayList<>(List.of("url", url, "database", db, "retention_enabled", false));
        all.addAll(Arrays.asList(properties));
        return all.toArray();
    }

    private ClickHouseStorage activate(ClickHouseStorage storage, Object[] properties) throws StorageException {
        storage.activate(TestConfigs.config(properties));
        opened.add(storage);
        return storage;
    }

    void close(ClickHouseStorage storage) {
        if (opened.remove(storage)) {
            storage.deactivate();
        }
    }

    @AfterEach
    void closeOpened() {
        for (ClickHouseStorage s : List.copyOf(opened)) {
            close(s);
        }
    }

    /** Flushes after every accepted write, so a query right after a write sees it. */
    static final class FlushingStorage extends ClickHouseStorage {
        @Override
        public void writeCalls(List<LlmCall> calls) throws StorageException {
            super.writeCalls(calls);
            flush();
        }

        @Override
        public void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException {
            super.writeExchanges(exchanges);
            flush();
        }

        @Override
        public void writeTurns(List<AgentTurn> turns) throws StorageException {
            super.writeTurns(turns);
            flush();
        }

        @Override
        public void writeRollups(List<MetricRollup> rollups) throws StorageException {
            super.writeRollups(rollups);
            flush();
        }

        @Override
        public void writeHealthSamples(List<HealthSample> samples) throws StorageException {
            super.writeHealthSamples(samples);
            flush();
        }
    }
}
