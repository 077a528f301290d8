package org.egret.console.internal;

import org.egret.console.internal.rest.RuntimeInfo;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the version and start time the launcher publishes as framework properties. */
final class ConsoleRuntime {

    /** Set by the launcher: the appliance version. Without it, this bundle's version is reported. */
    static final String VERSION_PROPERTY = "egret.version";
    /** Set by the launcher: epoch ms the appliance started. Without it, uptime counts from activation. */
    static final String START_PROPERTY = "egret.start.millis";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRuntime.class);

    private ConsoleRuntime() {
    }

    static RuntimeInfo read(BundleContext context, long nowMillis) {
        String version = context.getProperty(VERSION_PROPERTY);
        if (version == null || version.isBlank()) {
            version = context.getBundle().getVersion().toString();
        }
        long start = nowMillis;
        String startText = context.getProperty(START_PROPERTY);
        if (startText != null && !startText.isBlank()) {
            try {
                start = Long.parseLong(startText.trim());
            } catch (NumberFormatException e) {
                LOG.warn("framework property {}={} is not epoch milliseconds; uptime counts from now", START_PROPERTY,
                        startText);
            }
        }
        return new RuntimeInfo(version.trim(), start);
    }
}
