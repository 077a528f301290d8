package org.egret.api.turn;

import java.util.Locale;

/** Where a turn stands. */
public enum TurnStatus {
    /** still open: calls may join it */
    IN_PROGRESS,
    /** closed by a terminal call: the agent answered */
    COMPLETE,
    /** closed without a terminal call: idle timeout, a new user turn, or the end of the capture */
    INCOMPLETE;

    /** The API's name: {@code in_progress}, {@code complete}, {@code incomplete}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of an API name; null when unknown. */
    public static TurnStatus ofApiName(String name) {
        for (TurnStatus s : values()) {
            if (s.apiName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
