package org.egret.api.storage;

import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.turn.AgentTurn;
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

    /** True when this backend stores turns; a pipeline writes turns only to a backend that does. */
    default boolean storesTurns() {
        return false;
    }

    /** Stores a batch of closed turns atomically: all or none. A turn id written again replaces the earlier row. */
    default void writeTurns(List<AgentTurn> turns) throws StorageException {
        throw new StorageException("this storage backend does not store turns");
    }

    /** Lists turns; list items carry no tool list. */
    default Page<AgentTurn> queryTurns(TurnQuery query) throws StorageException {
        return new Page<>(0, List.of());
    }

    /** One turn, whole. */
    default Optional<AgentTurn> findTurn(String id) throws StorageException {
        return Optional.empty();
    }

    /** Lists sessions summed up from their turns. */
    default Page<AgentSession> querySessions(SessionQuery query) throws StorageException {
        return new Page<>(0, List.of());
    }
}
