package org.egret.launcher;

/** Something the user can fix: printed as one line, no stack trace, non-zero exit. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
