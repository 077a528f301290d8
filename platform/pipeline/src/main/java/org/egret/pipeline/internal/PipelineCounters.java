package org.egret.pipeline.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The pipeline's own health counters (the netstack's are summed in separately). */
final class PipelineCounters {
    final AtomicLong pktsReceived = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong pktsRouted = new AtomicLong();
    final AtomicLong pktsDroppedBackpressure = new AtomicLong();
    final AtomicLong workerErrors = new AtomicLong();
    final AtomicLong exchanges = new AtomicLong();
    final AtomicLong wiresDetected = new AtomicLong();
    final AtomicLong wiresIgnored = new AtomicLong();
    final AtomicLong callsPartial = new AtomicLong();
    final AtomicLong decoderErrors = new AtomicLong();
    /** exchanges no claimed decoder was sure of, so every decoder was probed */
    final AtomicLong decoderFallbacks = new AtomicLong();
    /** decodes that finished on a decoder whose service had gone meanwhile (bundle stopped or updated) */
    final AtomicLong decodesByRetiredDecoder = new AtomicLong();
    final AtomicLong flushedCalls = new AtomicLong();
    final AtomicLong flushedExchanges = new AtomicLong();
    final AtomicLong flushedTurns = new AtomicLong();
    /** failures of turn assembly (a bug): calls are stored regardless */
    final AtomicLong turnErrors = new AtomicLong();
    final AtomicLong flushErrors = new AtomicLong();
    /** records of live sources dropped because the storage queue was full */
    final AtomicLong droppedExchanges = new AtomicLong();
    final AtomicLong droppedCalls = new AtomicLong();
    final AtomicLong flushedRollups = new AtomicLong();
    final AtomicLong flushedHealthSamples = new AtomicLong();
    /** metric records given up after repeated write failures: they never hold back the calls */
    final AtomicLong droppedRollups = new AtomicLong();
    final AtomicLong droppedHealthSamples = new AtomicLong();
    /** flush() calls that made a backend's buffered rows durable and visible */
    final AtomicLong storageFlushes = new AtomicLong();

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("pkts_received", pktsReceived.get());
        m.put("bytes_received", bytesReceived.get());
        m.put("pkts_routed", pktsRouted.get());
        m.put("pkts_dropped_backpressure", pktsDroppedBackpressure.get());
        m.put("worker_errors", workerErrors.get());
        m.put("http_exchanges_decoded", exchanges.get());
        m.put("wires_detected", wiresDetected.get());
        m.put("wires_ignored", wiresIgnored.get());
        m.put("calls_partial", callsPartial.get());
        m.put("decoder_errors", decoderErrors.get());
        m.put("decoder_fallbacks", decoderFallbacks.get());
        m.put("decodes_by_retired_decoder", decodesByRetiredDecoder.get());
        m.put("flushed_calls", flushedCalls.get());
        m.put("flushed_exchanges", flushedExchanges.get());
        m.put("flushed_turns", flushedTurns.get());
        m.put("turn_errors", turnErrors.get());
        m.put("flush_errors", flushErrors.get());
        m.put("storage_dropped_exchanges", droppedExchanges.get());
        m.put("storage_dropped_calls", droppedCalls.get());
        m.put("flushed_rollups", flushedRollups.get());
        m.put("flushed_health_samples", flushedHealthSamples.get());
        m.put("storage_dropped_rollups", droppedRollups.get());
        m.put("storage_dropped_health_samples", droppedHealthSamples.get());
        m.put("storage_flushes", storageFlushes.get());
        return m;
    }
}
