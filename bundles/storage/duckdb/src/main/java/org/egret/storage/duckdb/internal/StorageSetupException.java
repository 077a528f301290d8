package org.egret.storage.duckdb.internal;

import org.egret.api.storage.StorageException;

/**
 * The database cannot be used for a reason the operator fixes (a bad path, a file that is not a database, a lock
 * held by another process, a schema from a newer Egret). The message says it all, so it carries no stack trace.
 */
final class StorageSetupException extends StorageException {
    private static final long serialVersionUID = 1L;

    StorageSetupException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
