package org.egret.api.storage;

import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricWindow;
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

    /**
     * What this backend keeps and for how long, as configured; null when it does not say.
     *
     * @since 1.4
     */
    default StorageRetention retention() {
        return null;
    }

    /**
     * Calls of the range summed up per combination of the query's keys (services, filter values, finish reasons,
     * client-to-server edges). At most {@code limit} groups, largest first in the order {@link CallGroup} gives; the
     * range is on the request time, half-open, and the filters work as those of {@link #queryCalls}.
     *
     * @since 1.3
     */
    default List<CallGroup> groupCalls(CallGroupQuery query) throws StorageException {
        throw new StorageException("this storage backend does not group calls");
    }

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

    /**
     * Makes every write accepted so far durable and visible to queries. A backend that gathers rows before it
     * sends them (ClickHouse wants about one insert per second per table) sends them now; the sink calls this when
     * its pipeline drains, before it lets go of the backend, and at most once a second while idle.
     */
    default void flush() throws StorageException {
    }

    /** True when this backend stores metric rollups and health samples. */
    default boolean storesMetrics() {
        return false;
    }

    /**
     * Stores closed one-minute metric windows of one pipeline atomically: all or none. A window written again for
     * the same pipeline, start and dimensions replaces the earlier row (a late call may change a closed minute).
     */
    default void writeRollups(List<MetricRollup> rollups) throws StorageException {
        throw new StorageException("this storage backend does not store metric rollups");
    }

    /** The stored one-minute windows a query asks for, oldest first, then by pipeline and dimensions. */
    default List<MetricRollup> queryRollups(RollupQuery query) throws StorageException {
        return List.of();
    }

    /** Stores samples of pipeline health counters atomically: all or none. */
    default void writeHealthSamples(List<HealthSample> samples) throws StorageException {
        throw new StorageException("this storage backend does not store health samples");
    }

    /** Lists health samples, newest first. */
    default Page<HealthSample> queryHealthSamples(HealthQuery query) throws StorageException {
        return new Page<>(0, List.of());
    }
}
