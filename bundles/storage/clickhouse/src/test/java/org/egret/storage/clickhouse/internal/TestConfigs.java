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
                    String property = propertyName(method.getName());
                    return switch (method.getName()) {
                        case "annotationType" -> ClickHouseStorage.Config.class;
                        case "toString" -> "Config" + values;
                        case "hashCode" -> values.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> values.containsKey(property) ? values.get(property) : method.getDefaultValue();
                    };
                });
    }

    /** DS's rule for a config method's property name: {@code __} is '_', a single {@code _} is '.'. */
    static String propertyName(String method) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '_' && i + 1 < method.length() && method.charAt(i + 1) == '_') {
                b.append('_');
                i++;
            } else {
                b.append(c == '_' ? '.' : c);
            }
        }
        return b.toString();
    }
}
