package org.egret.console.internal.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.egret.api.decode.LlmCall;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TranscriptReader} services bound now, keyed by their {@value TranscriptReader#WIRE_API_PROPERTY}
 * property; decoder bundles come and go while the API answers. For one wire API the highest
 * {@code service.ranking} wins, then the service registered first.
 */
public final class TranscriptReaders {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptReaders.class);

    private record Entry(String wireApi, TranscriptReader reader, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> PREFERRED = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** A reader with its service properties (DS bind). */
    public void add(TranscriptReader reader, Map<String, ?> properties) {
        Object name = properties.get(TranscriptReader.WIRE_API_PROPERTY);
        String wireApi = name instanceof String s && !s.isBlank() ? s : null;
        if (wireApi == null) {
            LOG.warn("transcript reader {} has no {} property; it is not used", reader.getClass().getName(),
                    TranscriptReader.WIRE_API_PROPERTY);
            return;
        }
        entries.add(new Entry(wireApi, reader, number(properties.get("service.ranking")),
                number(properties.get("service.id"), Long.MAX_VALUE)));
    }

    /** DS unbind. */
    public void remove(TranscriptReader reader) {
        entries.removeIf(e -> e.reader() == reader);
    }

    public Optional<TranscriptReader> find(String wireApi) {
        return entries.stream().filter(e -> e.wireApi().equals(wireApi)).min(PREFERRED).map(Entry::reader);
    }

    /**
     * The call's transcript by the reader of its wire API; never throws. Without a reader, or when the reader fails,
     * an empty transcript whose problem says so.
     */
    Transcript read(LlmCall call) {
        String wireApi = call.getWireApi();
        if (wireApi == null) {
            return Transcript.unreadable(null, "the call has no wire API");
        }
        Optional<TranscriptReader> reader = find(wireApi);
        if (reader.isEmpty()) {
            return Transcript.unreadable(wireApi, "no transcript reader is installed for wire API '" + wireApi + "'");
        }
        try {
            Transcript t = reader.get().read(call);
            return t != null ? t : Transcript.unreadable(wireApi, "the transcript reader returned nothing");
        } catch (RuntimeException e) {
            LOG.error("transcript reader for {} failed on call {}", wireApi, call.getId(), e);
            return Transcript.unreadable(wireApi, "the transcript reader for wire API '" + wireApi + "' failed");
        }
    }

    private static int number(Object v) {
        return v instanceof Number n ? n.intValue() : 0;
    }

    private static long number(Object v, long fallback) {
        return v instanceof Number n ? n.longValue() : fallback;
    }
}
