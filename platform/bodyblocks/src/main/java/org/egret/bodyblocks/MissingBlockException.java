package org.egret.bodyblocks;

/** A body cannot be rebuilt: one of its blocks is gone or damaged. */
public final class MissingBlockException extends Exception {
    private static final long serialVersionUID = 1L;

    public MissingBlockException(String message) {
        super(message);
    }
}
