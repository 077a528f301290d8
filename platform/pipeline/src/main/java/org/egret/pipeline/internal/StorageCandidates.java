package org.egret.pipeline.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.egret.api.storage.StorageBackend;

/**
 * The storage backend services bound to a pipeline, and the one it writes to: the best ranked whose
 * {@code egret.storage.type} is the configured backend type (any bound one when the type is null: an explicit
 * {@code storage.target} filter chose already). Services come and go at any time (a storage bundle stopped, updated or
 * replaced); the writer asks for {@link #chosen()} before every write.
 */
final class StorageCandidates {

    private record Candidate(StorageBackend backend, String type, int ranking, long serviceId) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::ranking).reversed()
            .thenComparingLong(Candidate::serviceId);

    private volatile String wantedType;
    private final Map<StorageBackend, Candidate> bound = new LinkedHashMap<>();
    private volatile StorageBackend chosen;

    /** @param wantedType the backend type to write to, or null for any bound backend */
    StorageCandidates(String wantedType) {
        this.wantedType = wantedType;
    }

    /** Sets the type to write to (known only once the configuration is read; services bind before). */
    synchronized void want(String type) {
        wantedType = type;
        choose();
    }

    /** The type this pipeline writes to, or null when any bound backend will do. */
    String wantedType() {
        return wantedType;
    }

    synchronized void add(StorageBackend backend, Map<String, ?> properties) {
        bound.put(backend, new Candidate(backend, string(properties.get(StorageBackend.TYPE_PROPERTY)),
                (int) number(properties.get("service.ranking")), number(properties.get("service.id"))));
        choose();
    }

    synchronized void remove(StorageBackend backend) {
        bound.remove(backend);
        choose();
    }

    /** The backend to write to now, or null while none of the wanted type is bound. */
    StorageBackend chosen() {
        return chosen;
    }

    /** The chosen backend's type, else the wanted one (what the health API names). */
    synchronized String type() {
        Candidate c = chosen == null ? null : bound.get(chosen);
        return c != null ? c.type() : wantedType;
    }

    private void choose() {
        chosen = bound.values().stream().filter(c -> wantedType == null || wantedType.equals(c.type()))
                .min(BEST_FIRST).map(Candidate::backend).orElse(null);
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
