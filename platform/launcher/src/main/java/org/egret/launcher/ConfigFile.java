package org.egret.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration file in the OSGi Configurator's JSON shape: each top-level key is a PID ({@code egret.storage.duckdb})
 * or a factory PID with a name ({@code egret.pipeline~local}); its object holds that configuration's properties.
 * Keys starting with ':configurator:' are ignored. Values: strings, numbers, booleans, arrays of strings.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static Map<String, Map<String, Object>> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new UserError("config " + file + " is not valid JSON: line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError("cannot read config " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UserError("config " + file + " must be a JSON object of PID → properties");
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith(":configurator:")) {
                continue;
            }
            if (!e.getValue().isObject()) {
                throw new UserError("config " + file + ": '" + e.getKey() + "' must be an object of properties");
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext();) {
                Map.Entry<String, JsonNode> prop = p.next();
                props.put(prop.getKey(), value(file, e.getKey() + "." + prop.getKey(), prop.getValue()));
            }
            out.put(e.getKey(), props);
        }
        return out;
    }

    private static Object value(Path file, String where, JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isValueNode()) {
                    throw new UserError("config " + file + ": " + where + " may only hold plain values");
                }
                items.add(item.asText());
            }
            return items.toArray(new String[0]);
        }
        throw new UserError("config " + file + ": " + where + " has an unsupported value " + v);
    }
}
