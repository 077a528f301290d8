package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output items of a stream by {@code output_index}. An event that lacks the index (some proxies drop it) is
 * placed by its {@code item_id}, else with the last item.
 */
final class StreamedOutput {

    private final TreeMap<Integer, OutputItemBuilder> items = new TreeMap<>();
    private final Map<String, Integer> indexById = new HashMap<>();

    /**
     * The item an event is about, created when new.
     *
     * @param startsItem the event opens an item ({@code response.output_item.added}): without index or known id it
     *                   goes after the last one
     */
    OutputItemBuilder itemFor(StreamEvent e, boolean startsItem) {
        String id = e.itemId != null ? e.itemId : e.item != null ? ResponsesJson.text(e.item.get("id")) : null;
        int index = e.outputIndex;
        if (index < 0 && id != null) {
            Integer known = indexById.get(id);
            if (known != null) {
                index = known;
            }
        }
        if (index < 0) {
            if (items.isEmpty()) {
                index = 0;
            } else {
                boolean next = startsItem || (e.item != null && items.lastEntry().getValue().isDone());
                index = next ? items.lastKey() + 1 : items.lastKey();
            }
        }
        OutputItemBuilder b = items.computeIfAbsent(index, k -> new OutputItemBuilder());
        if (id != null) {
            indexById.putIfAbsent(id, index);
            if (b.itemId == null) {
                b.itemId = id;
            }
        }
        return b;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Every item in output order, finished or as far as it arrived. */
    List<JsonNode> build() {
        List<JsonNode> out = new ArrayList<>(items.size());
        for (OutputItemBuilder b : items.values()) {
            out.add(b.build());
        }
        return out;
    }
}
