package org.egret.launcher;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Writes configurations into Config Admin exactly as a file in {@code conf/} would: {@code pid} for a singleton,
 * {@code factoryPid~name} for one instance of a factory (e.g. {@code egret.pipeline~cli}).
 */
final class Configurations {
    private final ConfigurationAdmin admin;

    private Configurations(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    static Configurations await(BundleContext ctx, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            ServiceReference<ConfigurationAdmin> ref = ctx.getServiceReference(ConfigurationAdmin.class);
            if (ref != null) {
                ConfigurationAdmin admin = ctx.getService(ref);
                if (admin != null) {
                    return new Configurations(admin);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("Config Admin did not start within " + timeoutMillis + " ms");
    }

    void put(String pid, Map<String, Object> values) throws IOException {
        Configuration c;
        int tilde = pid.indexOf('~');
        if (tilde > 0) {
            c = admin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?");
        } else {
            c = admin.getConfiguration(pid, "?");
        }
        Dictionary<String, Object> d = new Hashtable<>();
        values.forEach((k, v) -> d.put(k, v));
        c.update(d);
    }
}
