package org.egret.netstack.internal;

/** Why a TCP direction or flow stopped delivering bytes; each has the words users see in problem texts. */
public enum StreamEnd {
    FIN("the connection closed", "connection closed"),
    RST("the connection closed", "connection reset"),
    IDLE("the connection closed", "flow idle timeout"),
    CAPTURE_END("the capture ended", "capture ended");

    final String noResponseWhen;
    final String cutBy;

    StreamEnd(String noResponseWhen, String cutBy) {
        this.noResponseWhen = noResponseWhen;
        this.cutBy = cutBy;
    }
}
