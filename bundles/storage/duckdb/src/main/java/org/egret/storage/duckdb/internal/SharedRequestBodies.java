package org.egret.storage.duckdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.egret.api.http.HttpRequest;
import org.egret.api.storage.ExchangeRecord;

/**
 * The request bodies of the LLM exchanges committed lately whose calls are not written yet, so a call whose
 * request body is byte for byte its exchange's can leave {@code spans.request_body} NULL (see
 * {@link SchemaMigrations}): DuckDB's cost is per stored byte, and the request body is a third of them.
 *
 * <p>Only exchanges that name a call are remembered, and an entry is dropped once its call is committed, so in the
 * pipeline's order (exchanges, then the same batch's calls) this holds only references to bodies the sink still
 * holds itself. Bounded by count and bytes, oldest out first: a call whose exchange is no longer here just keeps its
 * own body. Not thread-safe: used under the storage's write mutex only.
 */
final class SharedRequestBodies {
    static final int DEFAULT_MAX_ENTRIES = 50_000;
    static final long DEFAULT_MAX_BYTES = 256L << 20;

    private record Entry(String callId, byte[] body) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> byExchangeId = new LinkedHashMap<>();
    private long bytes;

    SharedRequestBodies() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }

    SharedRequestBodies(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** After the exchanges are committed: remembers the request bodies of those that name a call. */
    void committed(List<ExchangeRecord> exchanges) {
        for (ExchangeRecord r : exchanges) {
            HttpRequest q = r.exchange() == null ? null : r.exchange().request();
            if (r.id() == null || r.callId() == null || q == null || q.body() == null) {
                continue;
            }
            Entry old = byExchangeId.remove(r.id());
            if (old != null) {
                bytes -= old.body().length;
            }
            byExchangeId.put(r.id(), new Entry(r.callId(), q.body()));
            bytes += q.body().length;
        }
        Iterator<Map.Entry<String, Entry>> oldestFirst = byExchangeId.entrySet().iterator();
        while ((byExchangeId.size() > maxEntries || bytes > maxBytes) && oldestFirst.hasNext()) {
            bytes -= oldestFirst.next().getValue().body().length;
            oldestFirst.remove();
        }
    }

    /**
     * True when the exchange {@code exchangeId}, committed and decoded into call {@code callId}, holds exactly the
     * UTF-8 encoding of {@code text} as its request body.
     */
    boolean holds(String exchangeId, String callId, String text) {
        if (exchangeId == null || text == null) {
            return false;
        }
        Entry e = byExchangeId.get(exchangeId);
        return e != null && e.callId().equals(callId) && isUtf8Of(e.body(), text);
    }

    /**
     * Whether {@code utf8} is exactly {@code text} encoded as UTF-8. Text with an unpaired surrogate (which the
     * encoder would replace) never matches, so such a call keeps its own body.
     *
     * <p>Decodes and compares rather than walking both char by char: the JDK's decoder and {@code String.equals}
     * are intrinsified, 1.5 times as fast on text with non-ASCII characters and ten times on ASCII, and a batch's
     * request bodies are a third of its bytes. The strict decoder turns every malformed sequence into U+FFFD and
     * never yields an unpaired surrogate, so equal text without U+FFFD is a match; text with one is encoded again
     * to tell a real U+FFFD from a replaced byte.
     */
    static boolean isUtf8Of(byte[] utf8, String text) {
        int n = text.length();
        if (utf8.length < n || utf8.length > 3 * n) {
            return false;
        }
        if (!new String(utf8, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        return text.indexOf('\uFFFD') < 0 || Arrays.equals(text.getBytes(StandardCharsets.UTF_8), utf8);
    }

    /** After calls are committed, with their exchange ids: those bodies are no longer needed here. */
    void callsCommitted(List<String> exchangeIds) {
        for (String id : exchangeIds) {
            Entry e = byExchangeId.remove(id);
            if (e != null) {
                bytes -= e.body().length;
            }
        }
    }

    /** Forgets everything, e.g. when the database file is reopened. */
    void clear() {
        byExchangeId.clear();
        bytes = 0;
    }

    int size() {
        return byExchangeId.size();
    }

    long bytes() {
        return bytes;
    }
}
