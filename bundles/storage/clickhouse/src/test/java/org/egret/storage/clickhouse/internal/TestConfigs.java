package org.egret.storage.clickhouse.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link ClickHouseStorage.Config} the way DS does: an annotation instance whose methods answer from a property
 * map (names as DS spells them, e.g. {@code retention_enabled}) and otherwise from the defaults.
 */
final class TestConfigs {

    private TestConfigs() {
    }

    /** @param properties alternating property names and values */
    static ClickHouseStorage.Config config(Object... properties) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            values.put((String) properties[i], properties[i + 1]);
        }
        return (ClickHouseStorage.Config) Proxy.newProxyInstance(ClickHouseStorage.Config.class.getClassLoader(),
                new Class<?>[] {ClickHouseStorage.Config.class}, (proxy, method, args) -> {
                    String property = method.getName().replace("__", "_");
                    return switch (method.getName()) {
                        case "annotationType" -> ClickHouseStorage.Config.class;
                        case "toString" -> "Config" + values;
                        case "hashCode" -> values.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> values.containsKey(property) ? values.get(property) : method.getDefaultValue();
                    };
                });
    }
}
