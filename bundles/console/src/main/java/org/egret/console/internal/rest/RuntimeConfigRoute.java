package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/runtime-config}: the version, the config file and every Egret configuration in Config Admin (what
 * the launcher and {@code conf/} wrote), grouped as pipelines, storage, console and other, with every secret
 * replaced by {@value SecretRedaction#REDACTED}. Heron served its ClickHouse password here; Egret never does.
 */
final class RuntimeConfigRoute {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeConfigRoute.class);
    private static final String PIPELINE_FACTORY = "egret.pipeline~";

    private final ConsoleSettings settings;
    private final RuntimeInfo runtime;

    RuntimeConfigRoute(ConsoleSettings settings, RuntimeInfo runtime) {
        this.settings = settings;
        this.runtime = runtime;
    }

    ApiResponse handle() throws ApiException {
        Map<String, Map<String, Object>> all;
        try {
            all = settings.configurations();
        } catch (IOException | RuntimeException e) {
            LOG.error("reading the configurations from Config Admin failed", e);
            all = null;
        }
        if (all == null) {
            throw ApiException.unavailable("configuration unavailable: Config Admin is not running");
        }
        Map<String, Map<String, Map<String, Object>>> groups = new TreeMap<>();
        for (String g : new String[] {"pipelines", "storage", "console", "other"}) {
            groups.put(g, new TreeMap<>());
        }
        for (Map.Entry<String, Map<String, Object>> e : all.entrySet()) {
            String pid = e.getKey();
            if (pid.startsWith(PIPELINE_FACTORY)) {
                groups.get("pipelines").put(pid.substring(PIPELINE_FACTORY.length()), e.getValue());
            } else if (pid.startsWith("egret.storage")) {
                groups.get("storage").put(pid, e.getValue());
            } else if (pid.startsWith("org.egret.console")) {
                groups.get("console").put(pid, e.getValue());
            } else {
                groups.get("other").put(pid, e.getValue());
            }
        }
        String path = settings.configPath();
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeStringField("version", runtime.version());
            g.writeNumberField("loaded_at_ms", runtime.startMillis());
            g.writeStringField("config_path", path == null || path.isBlank() ? null : path);
            g.writeObjectFieldStart("config");
            for (Map.Entry<String, Map<String, Map<String, Object>>> group : groups.entrySet()) {
                g.writeObjectFieldStart(group.getKey());
                for (Map.Entry<String, Map<String, Object>> c : group.getValue().entrySet()) {
                    g.writeObjectFieldStart(c.getKey());
                    for (Map.Entry<String, Object> p : new TreeMap<>(c.getValue()).entrySet()) {
                        writeProperty(g, p.getKey(), p.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Framework bookkeeping ({@code service.pid}, FileInstall's file name) says nothing about the appliance. */
    static boolean isBookkeeping(String key) {
        return key.startsWith("service.") || key.startsWith("felix.fileinstall.") || key.startsWith(":");
    }

    private static void writeProperty(JsonGenerator g, String key, Object value) throws IOException {
        if (isBookkeeping(key)) {
            return;
        }
        g.writeFieldName(key);
        if (SecretRedaction.isSecretName(key)) {
            g.writeString(SecretRedaction.REDACTED);
            return;
        }
        writeValue(g, value);
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(n.toString());
            }
        } else if (value.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0; i < Array.getLength(value); i++) {
                writeValue(g, Array.get(value, i));
            }
            g.writeEndArray();
        } else if (value instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(SecretRedaction.redactValue(value.toString()));
        }
    }
}
