package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.egret.api.storage.Page;

/**
 * A list answer: Heron's {@code {total, items}}, and on the cursor-paged session routes {@code next_cursor} after
 * them.
 */
final class PageJson {

    /** Writes one item of a list. */
    @FunctionalInterface
    interface ItemWriter<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    private PageJson() {
    }

    static <T> JsonBody of(Page<T> page, ItemWriter<T> item) {
        return g -> {
            g.writeStartObject();
            writeTotalAndItems(g, page, item);
            g.writeEndObject();
        };
    }

    /** @param nextCursor the cursor of the next page, null on the last */
    static <T> JsonBody withCursor(Page<T> page, ItemWriter<T> item, String nextCursor) {
        return g -> {
            g.writeStartObject();
            writeTotalAndItems(g, page, item);
            g.writeStringField("next_cursor", nextCursor);
            g.writeEndObject();
        };
    }

    private static <T> void writeTotalAndItems(JsonGenerator g, Page<T> page, ItemWriter<T> item)
            throws IOException {
        g.writeNumberField("total", page.total());
        g.writeArrayFieldStart("items");
        for (T t : page.items()) {
            item.write(g, t);
        }
        g.writeEndArray();
    }
}
