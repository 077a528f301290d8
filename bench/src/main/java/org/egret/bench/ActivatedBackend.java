package org.egret.bench;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.egret.api.storage.StorageBackend;

/**
 * A storage backend's DS component activated outside a framework, as Declarative Services would: its typed
 * configuration answered from a property map (names as DS spells them, e.g. {@code retention_enabled}), then
 * {@code activate(Config)}; {@link #close()} calls {@code deactivate()}. Found by class name, so a backend whose
 * bundle is not on the class path only fails when it is asked for.
 */
final class ActivatedBackend implements AutoCloseable {
    private static final Map<String, String> COMPONENTS = Map.of(
            "duckdb", "org.egret.storage.duckdb.internal.DuckDbStorage",
            "clickhouse", "org.egret.storage.clickhouse.internal.ClickHouseStorage");

    private final Object component;
    private final StorageBackend backend;

    private ActivatedBackend(Object component) {
        this.component = component;
        this.backend = (StorageBackend) component;
    }

    static ActivatedBackend open(String type, Map<String, String> properties) throws Exception {
        String className = COMPONENTS.get(type);
        if (className == null) {
            throw new IllegalArgumentException("unknown backend '" + type + "': one of " + COMPONENTS.keySet());
        }
        Class<?> componentClass;
        try {
            componentClass = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("the " + type + " backend (" + className + ") is not on the class path");
        }
        Method activate = null;
        for (Method m : componentClass.getDeclaredMethods()) {
            if (m.getName().equals("activate") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].isAnnotation()) {
                activate = m;
            }
        }
        if (activate == null) {
            throw new IllegalStateException(className + " has no activate(Config)");
        }
        Object component = componentClass.getDeclaredConstructor().newInstance();
        activate.setAccessible(true);
        activate.invoke(component, config(activate.getParameterTypes()[0], properties));
        return new ActivatedBackend(component);
    }

    StorageBackend backend() {
        return backend;
    }

    @Override
    public void close() throws Exception {
        Method deactivate = component.getClass().getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(component);
    }

    /** The annotation instance DS would make: each method answers its property, converted, or its default. */
    private static Object config(Class<?> configType, Map<String, String> properties) {
        return Proxy.newProxyInstance(configType.getClassLoader(), new Class<?>[] {configType},
                (proxy, method, args) -> {
                    String property = method.getName().replace("__", "_");
                    return switch (method.getName()) {
                        case "annotationType" -> configType;
                        case "toString" -> configType.getSimpleName() + properties;
                        case "hashCode" -> properties.hashCode();
                        case "equals" -> proxy == args[0];
                        default -> properties.containsKey(property)
                                ? convert(properties.get(property), method.getReturnType())
                                : method.getDefaultValue();
                    };
                });
    }

    private static Object convert(String value, Class<?> type) {
        if (type == int.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class) {
            return Long.parseLong(value);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        }
        if (type == double.class) {
            return Double.parseDouble(value);
        }
        return value;
    }
}
