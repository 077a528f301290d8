package org.egret.storage.conformance;

import java.nio.file.Path;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.turn.AgentTurn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's common ground: a fresh store per test (retention off unless a test opens its own), closed afterwards.
 * Every write goes through {@link #write} helpers that end with {@link StorageBackend#flush()}: a backend only
 * promises that what it accepted is visible to queries once flushed (see the package documentation).
 */
public abstract class StorageConformance {

    /** Rows per write batch of the helpers: more than one batch per table, as a pipeline's sink sends them. */
    protected static final int BATCH = 7;

    @TempDir
    protected Path dir;

    protected BackendUnderTest underTest;
    protected StorageBackend storage;

    /** The backend to run the suite against, a new one per test. */
    protected abstract BackendUnderTest backendUnderTest();

    @BeforeEach
    void openStore() throws Exception {
        underTest = backendUnderTest();
        storage = underTest.open(dir, retention());
    }

    @AfterEach
    void closeStore() throws Exception {
        if (underTest != null) {
            underTest.close();
        }
    }

    /** The retention settings the store of each test is opened with. */
    protected RetentionDays retention() {
        return RetentionDays.OFF;
    }

    /** Closes and reopens the store: what the appliance does on a restart. */
    protected void restart() throws Exception {
        storage = underTest.reopen();
    }

    protected void writeCalls(List<LlmCall> calls) throws StorageException {
        for (int from = 0; from < calls.size(); from += BATCH) {
            storage.writeCalls(calls.subList(from, Math.min(calls.size(), from + BATCH)));
        }
        storage.flush();
    }

    protected void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException {
        for (int from = 0; from < exchanges.size(); from += BATCH) {
            storage.writeExchanges(exchanges.subList(from, Math.min(exchanges.size(), from + BATCH)));
        }
        storage.flush();
    }

    /** Each exchange before its call, as a pipeline's sink writes them. */
    protected void writeTraffic(List<ExchangeRecord> exchanges, List<LlmCall> calls) throws StorageException {
        storage.writeExchanges(exchanges);
        storage.writeCalls(calls);
        storage.flush();
    }

    protected void writeTurns(List<AgentTurn> turns) throws StorageException {
        for (int from = 0; from < turns.size(); from += BATCH) {
            storage.writeTurns(turns.subList(from, Math.min(turns.size(), from + BATCH)));
        }
        storage.flush();
    }

    protected void writeRollups(List<MetricRollup> rollups) throws StorageException {
        for (int from = 0; from < rollups.size(); from += BATCH) {
            storage.writeRollups(rollups.subList(from, Math.min(rollups.size(), from + BATCH)));
        }
        storage.flush();
    }

    protected void writeHealthSamples(List<HealthSample> samples) throws StorageException {
        for (int from = 0; from < samples.size(); from += BATCH) {
            storage.writeHealthSamples(samples.subList(from, Math.min(samples.size(), from + BATCH)));
        }
        storage.flush();
    }
}
