package org.egret.api.packet;

/** A source could not be opened: the message is written for the user, one line, no stack trace needed. */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
