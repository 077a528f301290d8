package org.egret.console.internal.rest;

import java.io.IOException;
import java.util.function.Supplier;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.StorageStatus;

/** The storage backend currently bound, which may come and go while the API keeps answering. */
final class StorageAccess {

    private final Supplier<StorageBackend> current;

    StorageAccess(Supplier<StorageBackend> current) {
        this.current = current;
    }

    /** The bound backend, or null. */
    StorageBackend current() {
        return current.get();
    }

    /** The bound backend; without one, data routes answer 503 / 5003. */
    StorageBackend require() throws ApiException {
        StorageBackend s = current.get();
        if (s == null) {
            throw ApiException.storageUnavailable();
        }
        return s;
    }

    /**
     * True when a failed read means the storage cannot be reached (the API answers 503, not 500): the failure was
     * an I/O error (a refused or lost connection, a timeout), or the backend reports itself unhealthy (a dead
     * server, an invalidated database), or no backend is bound any more. A healthy backend failing a read is an
     * internal error.
     */
    boolean unreachable(StorageException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        StorageBackend s = current.get();
        if (s == null) {
            return true;
        }
        try {
            StorageStatus status = s.status();
            return status == null || !status.healthy();
        } catch (RuntimeException statusFailed) {
            return true;
        }
    }
}
