package org.egret.storage.conformance;

import java.nio.file.Path;
import org.egret.api.storage.StorageBackend;

/**
 * What a backend's tests give the suite: a real store it can open empty, close, open again and age. One instance
 * serves one test; the suite calls {@link #close()} after each test whatever happened.
 */
public interface BackendUnderTest {

    /**
     * Opens a fresh, empty store with these retention settings. {@code dir} is the test's own temporary folder, for a
     * backend that keeps files (one that keeps its rows elsewhere, e.g. in a server, uses a store of its own per
     * test). Called once per test before anything else, and again after {@link #close()} when a test needs a
     * store with other settings (then {@code dir} is another folder and the store is again empty).
     */
    StorageBackend open(Path dir, RetentionDays retention) throws Exception;

    /**
     * Closes the open backend the way the appliance stops it (what it buffered is written first), then opens the same
     * store again with the same settings and returns the new backend.
     */
    StorageBackend reopen() throws Exception;

    /**
     * Runs retention until nothing more is due as of {@code nowMicros} (the suite passes the wall clock, so a backend
     * whose retention reads the clock itself may ignore it). Does nothing when retention is off.
     */
    void applyRetention(long nowMicros) throws Exception;

    /** Closes what is open and lets go of the store; harmless when nothing is open. */
    void close() throws Exception;
}
