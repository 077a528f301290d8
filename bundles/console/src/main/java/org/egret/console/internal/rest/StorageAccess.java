package org.egret.console.internal.rest;

import java.util.function.Supplier;
import org.egret.api.storage.StorageBackend;

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
}
