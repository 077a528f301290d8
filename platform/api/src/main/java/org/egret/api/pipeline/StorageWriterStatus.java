package org.egret.api.pipeline;

/**
 * The state of a pipeline's storage writer: which backend it writes to, whether one is bound, how full its bounded
 * queue is and what it had to drop. A live source's records are dropped (and counted here) when the queue is full; a
 * replayed file waits instead.
 *
 * @param backend             the backend type the pipeline is configured for, e.g. {@code duckdb}
 * @param bound               true while a backend of that type is bound; while false, rows wait in the queue
 * @param healthy             false after a write failed (or while no backend is bound) until a later write succeeded
 * @param lastError           the last write failure, or why nothing is written, or null
 * @param queuedRows          exchanges waiting in the queue
 * @param queuedKilobytes     their estimated memory
 * @param capacityRows        the queue's bound in exchanges
 * @param capacityKilobytes   the queue's bound in memory
 * @param droppedExchanges    exchanges of live sources dropped because the queue was full
 * @param droppedCalls        LLM calls among them
 * @param droppedRecords      metric rollups and health samples given up after repeated write failures
 * @param backendBufferedRows rows the backend has accepted but not yet sent to its database
 * @param backendBufferedBytes their estimated size
 */
public record StorageWriterStatus(String backend, boolean bound, boolean healthy, String lastError, long queuedRows,
        long queuedKilobytes, long capacityRows, long capacityKilobytes, long droppedExchanges, long droppedCalls,
        long droppedRecords, long backendBufferedRows, long backendBufferedBytes) {
}
