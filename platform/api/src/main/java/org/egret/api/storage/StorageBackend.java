package org.egret.api.storage;

import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place calls and exchanges are stored and queried. Registered as a service with {@code egret.storage.type} (see
 * {@link StorageType}). Writes come from one writer thread per pipeline sink, in batches; reads come from any thread.
 */
@ConsumerType
public interface StorageBackend {

    /** Service property naming the backend type, e.g. {@code duckdb}. */
    String TYPE_PROPERTY = "egret.storage.type";

    /** Stores a batch of calls atomically: all or none. */
    void writeCalls(List<LlmCall> calls) throws StorageException;

    /** Stores a batch of exchanges atomically: all or none. */
    void writeExchanges(List<ExchangeRecord> exchanges) throws StorageException;

    /** Lists calls; list items carry no bodies and no headers. */
    Page<LlmCall> queryCalls(CallQuery query) throws StorageException;

    /** One call with bodies and headers. */
    Optional<LlmCall> findCall(String id) throws StorageException;

    /** Lists exchanges; list items carry no bodies and no headers. */
    Page<ExchangeRecord> queryExchanges(ExchangeQuery query) throws StorageException;

    /** One exchange with bodies and headers. */
    Optional<ExchangeRecord> findExchange(String id) throws StorageException;

    /** Current health and counters. */
    StorageStatus status();
}
