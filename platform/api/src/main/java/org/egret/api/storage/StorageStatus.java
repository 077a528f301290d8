package org.egret.api.storage;

/**
 * Health of a storage backend.
 *
 * @param type          backend type, e.g. {@code duckdb}
 * @param location      where it stores (a file path, a URL without credentials)
 * @param healthy       false after a write failed until a later write succeeded
 * @param callsWritten  calls written since start
 * @param exchangesWritten exchanges written since start
 * @param writeErrors   failed write batches since start
 * @param lastError     message of the last failure, or null
 * @param bufferedRows  rows accepted but not yet sent to the database (a backend that gathers rows before it
 *                      sends them), 0 otherwise
 * @param bufferedBytes their estimated size
 */
public record StorageStatus(String type, String location, boolean healthy, long callsWritten,
        long exchangesWritten, long writeErrors, String lastError, long bufferedRows, long bufferedBytes) {

    /** The status of a backend that sends every batch as it comes. */
    public StorageStatus(String type, String location, boolean healthy, long callsWritten, long exchangesWritten,
            long writeErrors, String lastError) {
        this(type, location, healthy, callsWritten, exchangesWritten, writeErrors, lastError, 0, 0);
    }
}
