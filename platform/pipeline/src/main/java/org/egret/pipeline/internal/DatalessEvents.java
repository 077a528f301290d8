package org.egret.pipeline.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.egret.api.http.SseEvent;

/**
 * A stream's events as stored with their exchange: names, ids and timestamps, data left out (the stream text is in
 * the body). Held as arrays rather than an event object each: a stream is hundreds of events, and only their count
 * and times are read after this point. Immutable; {@link #get} makes the event on demand.
 */
final class DatalessEvents extends AbstractList<SseEvent> implements RandomAccess {
    private final long[] timestamps;
    /** null when no event has a name (the usual case), else one per event */
    private final String[] names;
    /** null when no event has an id, else one per event */
    private final String[] ids;

    private DatalessEvents(long[] timestamps, String[] names, String[] ids) {
        this.timestamps = timestamps;
        this.names = names;
        this.ids = ids;
    }

    static List<SseEvent> of(List<SseEvent> events) {
        if (events == null || events.isEmpty()) {
            return List.of();
        }
        int n = events.size();
        long[] timestamps = new long[n];
        String[] names = null;
        String[] ids = null;
        int i = 0;
        for (SseEvent e : events) {
            timestamps[i] = e.timestampMicros();
            if (e.event() != null) {
                if (names == null) {
                    names = new String[n];
                }
                names[i] = e.event();
            }
            if (e.id() != null) {
                if (ids == null) {
                    ids = new String[n];
                }
                ids[i] = e.id();
            }
            i++;
        }
        return new DatalessEvents(timestamps, names, ids);
    }

    @Override
    public SseEvent get(int index) {
        return new SseEvent(names == null ? null : names[index], "", ids == null ? null : ids[index],
                timestamps[index]);
    }

    @Override
    public int size() {
        return timestamps.length;
    }
}
