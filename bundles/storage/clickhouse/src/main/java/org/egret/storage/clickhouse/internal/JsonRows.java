package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.egret.api.storage.StorageException;

/**
 * The read side of JSONEachRow: one node per line, and typed access to its fields. ClickHouse quotes 64-bit
 * integers in JSON, so every integer is read through {@link JsonNode#asLong()}, which takes both forms.
 */
final class JsonRows {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonRows() {
    }

    static List<JsonNode> parse(String answer) throws StorageException {
        List<JsonNode> rows = new ArrayList<>();
        int at = 0;
        while (at < answer.length()) {
            int nl = answer.indexOf('\n', at);
            int end = nl < 0 ? answer.length() : nl;
            if (end > at) {
                try {
                    rows.add(MAPPER.readTree(answer.substring(at, end)));
                } catch (JsonProcessingException e) {
                    throw new StorageException("unreadable answer from ClickHouse: " + e.getOriginalMessage());
                }
            }
            at = end + 1;
        }
        return rows;
    }

    static String str(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static long lng(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? 0 : n.asLong();
    }

    static int integer(JsonNode row, String field) {
        return (int) lng(row, field);
    }

    static Integer integerOrNull(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : (int) n.asLong();
    }

    static Double dblOrNull(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : n.asDouble();
    }

    static double dbl(JsonNode row, String field) {
        JsonNode n = row.get(field);
        return n == null || n.isNull() ? 0 : n.asDouble();
    }

    static boolean flag(JsonNode row, String field) {
        return lng(row, field) != 0;
    }

    static List<String> strings(JsonNode row, String field) {
        JsonNode n = row.get(field);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode e : n) {
                out.add(e.asText());
            }
        }
        return out;
    }

    static long[] longs(JsonNode row, String field) {
        JsonNode n = row.get(field);
        if (n == null || !n.isArray()) {
            return new long[0];
        }
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    /** A column selected as {@code hex(col)}; NULL stays null. */
    static byte[] hex(JsonNode row, String field) {
        String h = str(row, field);
        return h == null ? null : HexFormat.of().parseHex(h.toLowerCase(java.util.Locale.ROOT));
    }

    /** A JSON text column (tool calls, headers, …) back into its Java type; empty or NULL gives {@code empty}. */
    static <T> T json(JsonNode row, String field, TypeReference<T> type, T empty) throws StorageException {
        String text = str(row, field);
        if (text == null || text.isEmpty()) {
            return empty;
        }
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("column " + field + " holds unreadable JSON: " + e.getOriginalMessage());
        }
    }

    /** A Java value as JSON text, for a String column. */
    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
