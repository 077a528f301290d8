package org.egret.storage.clickhouse.internal;

import static org.egret.storage.clickhouse.internal.JsonRows.lng;
import static org.egret.storage.clickhouse.internal.JsonRows.str;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.storage.HealthSample;

/**
 * {@link HealthSample}s as rows of {@code health_samples}: the counters as two parallel arrays. A sample sent twice
 * (an insert retried after a lost answer) is one sample to readers, who keep one row per pipeline and time.
 */
final class HealthRows {
    static final String KEY = "pipeline, time_us";
    static final String COLUMNS = "pipeline, time_us, state, counter_names, counter_values";

    private HealthRows() {
    }

    static byte[] row(HealthSample s) {
        List<String> names = new ArrayList<>();
        long[] values = new long[s.counters().size()];
        int i = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(s.counters()).entrySet()) {
            names.add(e.getKey());
            values[i++] = e.getValue() == null ? 0 : e.getValue();
        }
        try (JsonRow r = new JsonRow()) {
            return r.str("pipeline", s.pipeline() == null ? "" : s.pipeline()).num("time_us", s.timeMicros())
                    .str("state", s.state()).strings("counter_names", names).longs("counter_values", values)
                    .finish();
        }
    }

    static HealthSample read(JsonNode row) {
        List<String> names = JsonRows.strings(row, "counter_names");
        long[] values = JsonRows.longs(row, "counter_values");
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(names.size(), values.length); i++) {
            counters.put(names.get(i), values[i]);
        }
        return new HealthSample(lng(row, "time_us"), str(row, "pipeline"), str(row, "state"), counters);
    }
}
