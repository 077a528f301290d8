package org.egret.api.storage;

/** A storage operation failed. The message is for the operator: one line, what failed and why. */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
