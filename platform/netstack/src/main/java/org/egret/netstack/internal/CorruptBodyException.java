package org.egret.netstack.internal;

/** A content decoder met bytes it cannot decode; the message becomes partial, with this reason. */
final class CorruptBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String coding;

    CorruptBodyException(String coding, String reason) {
        super(reason, null, false, false);
        this.coding = coding;
    }

    String coding() {
        return coding;
    }
}
