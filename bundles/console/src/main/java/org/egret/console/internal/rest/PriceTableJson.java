package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.egret.api.pricing.ModelPriceEntry;

/**
 * The price table as JSON: {@code {"prices":[{model, input_per_mtok, output_per_mtok, cache_read_per_mtok,
 * cache_write_per_mtok, reasoning_per_mtok}]}}, USD per million tokens. Reading checks everything a price entry of
 * Config Admin would reject, so a bad table is a 400 naming the row, never a silently ignored configuration.
 */
final class PriceTableJson {

    static final int MAX_ROWS = 2000;
    static final int MAX_MODEL_CHARS = 200;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build()).build();

    private PriceTableJson() {
    }

    static void write(JsonGenerator g, String field, List<ModelPriceEntry> prices) throws IOException {
        g.writeArrayFieldStart(field);
        for (ModelPriceEntry p : prices) {
            g.writeStartObject();
            g.writeStringField("model", p.model());
            g.writeNumberField("input_per_mtok", p.inputPerMtok());
            g.writeNumberField("output_per_mtok", p.outputPerMtok());
            g.writeNumberField("cache_read_per_mtok", p.cacheReadPerMtok());
            g.writeNumberField("cache_write_per_mtok", p.cacheWritePerMtok());
            g.writeNumberField("reasoning_per_mtok", p.reasoningPerMtok());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The table a PUT body holds; the cache prices default to 0, the reasoning price to the output price. */
    static List<ModelPriceEntry> read(byte[] body) throws ApiException {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.invalidParameter("the body must be a JSON object {\"prices\":[…]}");
            }
            List<ModelPriceEntry> rows = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("prices")) {
                    rows = rows(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw ApiException.invalidParameter("the body holds more than one JSON value");
            }
            if (rows == null) {
                throw ApiException.invalidParameter("prices: missing (expected {\"prices\":[…]})");
            }
            return rows;
        } catch (JsonProcessingException e) {
            throw ApiException.invalidParameter("the body is not valid JSON: " + QueryParams.clip(
                    e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.invalidParameter("the body could not be read");
        }
    }

    private static List<ModelPriceEntry> rows(JsonParser p) throws IOException, ApiException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ApiException.invalidParameter("prices must be an array");
        }
        List<ModelPriceEntry> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int index = rows.size();
            if (index >= MAX_ROWS) {
                throw ApiException.invalidParameter("prices: at most " + MAX_ROWS + " rows");
            }
            ModelPriceEntry row = row(p, index);
            if (!seen.add(row.model().toLowerCase(Locale.ROOT))) {
                throw ApiException.invalidParameter("prices[" + index + "]: model '" + QueryParams.clip(row.model())
                        + "' appears more than once");
            }
            rows.add(row);
        }
        return rows;
    }

    private static ModelPriceEntry row(JsonParser p, int index) throws IOException, ApiException {
        String where = "prices[" + index + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ApiException.invalidParameter(where + " must be an object");
        }
        String model = null;
        Double input = null;
        Double output = null;
        double cacheRead = 0;
        double cacheWrite = 0;
        Double reasoning = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "model" -> model = model(p, t, where);
                case "input_per_mtok" -> input = price(p, t, where, name);
                case "output_per_mtok" -> output = price(p, t, where, name);
                case "cache_read_per_mtok" -> cacheRead = price(p, t, where, name);
                case "cache_write_per_mtok" -> cacheWrite = price(p, t, where, name);
                case "reasoning_per_mtok" -> reasoning = t == JsonToken.VALUE_NULL ? null : price(p, t, where, name);
                default -> p.skipChildren();
            }
        }
        if (model == null) {
            throw ApiException.invalidParameter(where + ".model: missing");
        }
        if (input == null || output == null) {
            throw ApiException.invalidParameter(where + ": input_per_mtok and output_per_mtok are required");
        }
        return new ModelPriceEntry(model, input, output, cacheRead, cacheWrite, reasoning == null ? output : reasoning);
    }

    private static String model(JsonParser p, JsonToken t, String where) throws IOException, ApiException {
        if (t != JsonToken.VALUE_STRING) {
            throw ApiException.invalidParameter(where + ".model must be a string");
        }
        String m = p.getText().strip();
        if (m.isEmpty()) {
            throw ApiException.invalidParameter(where + ".model must not be empty");
        }
        if (m.length() > MAX_MODEL_CHARS) {
            throw ApiException.invalidParameter(where + ".model is longer than " + MAX_MODEL_CHARS + " characters");
        }
        // a Config Admin entry is 'pattern input output …' separated by white space, '#' starts a comment
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '#') {
                throw ApiException.invalidParameter(where + ".model must not contain white space, control "
                        + "characters or '#'");
            }
        }
        return m;
    }

    private static double price(JsonParser p, JsonToken t, String where, String name) throws IOException,
            ApiException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ApiException.invalidParameter(where + "." + name + " must be a number (USD per million tokens)");
        }
        double d = p.getDoubleValue();
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw ApiException.invalidParameter(where + "." + name + " must be a finite number ≥ 0, got "
                    + p.getText());
        }
        return d;
    }
}
