package org.egret.console.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.egret.api.pricing.ModelPriceEntry;
import org.egret.api.pricing.PriceList;
import org.egret.console.internal.rest.ConsoleSettings;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The settings routes' view of Config Admin and of the pipelines' price list, both optional and dynamic. */
final class ConfigAdminSettings implements ConsoleSettings {

    /** Set by the launcher: the configuration file it was started with. */
    static final String CONFIG_PATH_PROPERTY = "egret.config.path";

    private final Supplier<ConfigurationAdmin> admin;
    private final Supplier<PriceList> priceList;
    private final String configPath;

    ConfigAdminSettings(Supplier<ConfigurationAdmin> admin, Supplier<PriceList> priceList, String configPath) {
        this.admin = admin;
        this.priceList = priceList;
        this.configPath = configPath;
    }

    @Override
    public List<ModelPriceEntry> prices() {
        PriceList p = priceList.get();
        return p == null ? null : p.prices();
    }

    /** Entries in the text form the pricing component parses; {@code defaults=false} makes them the whole table. */
    @Override
    public void writePrices(List<ModelPriceEntry> prices) throws IOException {
        ConfigurationAdmin ca = admin.get();
        if (ca == null) {
            throw new IOException("Config Admin is not running");
        }
        String[] entries = new String[prices.size()];
        for (int i = 0; i < entries.length; i++) {
            ModelPriceEntry p = prices.get(i);
            entries[i] = String.join(" ", p.model(), number(p.inputPerMtok()), number(p.outputPerMtok()),
                    number(p.cacheReadPerMtok()), number(p.cacheWritePerMtok()), number(p.reasoningPerMtok()));
        }
        Configuration c = ca.getConfiguration(PriceList.PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        Dictionary<String, Object> next = new Hashtable<>();
        if (props != null) {
            // keep what else an operator configured there (FileInstall's file name among it, so it writes back)
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, props.get(k));
            }
        }
        next.put(PriceList.PRICES_PROPERTY, entries);
        next.put(PriceList.DEFAULTS_PROPERTY, Boolean.FALSE);
        c.update(next);
    }

    /** Plain decimal, never exponent notation, which the price parser reads too but a person reads badly. */
    static String number(double d) {
        String s = java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public Map<String, Map<String, Object>> configurations() throws IOException {
        ConfigurationAdmin ca = admin.get();
        if (ca == null) {
            return null;
        }
        Configuration[] all;
        try {
            all = ca.listConfigurations(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (all == null) {
            return out;
        }
        for (Configuration c : all) {
            String pid = c.getPid();
            Dictionary<String, Object> props = c.getProperties();
            if (props == null || !(pid.startsWith("egret.") || pid.startsWith("org.egret."))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                m.put(k, props.get(k));
            }
            out.put(pid, m);
        }
        return out;
    }

    @Override
    public String configPath() {
        return configPath;
    }
}
