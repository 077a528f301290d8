package org.egret.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The settings routes' view of Config Admin and of the pipelines' price list, both optional and dynamic. */
final class ConfigAdminSettings implements ConsoleSettings {

    /** Set by the launcher: the configuration file it was started with. */
    static final String CONFIG_PATH_PROPERTY = "egret.config.path";
    /** Set by the launcher: the installation, whose {@code conf/} FileInstall loads at every start. */
    static final String HOME_PROPERTY = "egret.home";
    /** FileInstall's property naming the file a configuration came from (a URI). */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    static final String PRICES_FILE = PriceList.PID + ".config";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminSettings.class);

    private final Supplier<ConfigurationAdmin> admin;
    private final Supplier<PriceList> priceList;
    private final String configPath;
    private final Path confDir;

    /** @param confDir the watched {@code conf/} directory a PUT price table is kept in, or null (not kept) */
    ConfigAdminSettings(Supplier<ConfigurationAdmin> admin, Supplier<PriceList> priceList, String configPath,
            Path confDir) {
        this.admin = admin;
        this.priceList = priceList;
        this.configPath = configPath;
        this.confDir = confDir;
    }

    /** {@code <egret.home>/conf} when the launcher named an installation that has one, else null. */
    static Path confDir(String home) {
        if (home == null || home.isBlank()) {
            return null;
        }
        Path conf = Path.of(home).resolve("conf");
        return Files.isDirectory(conf) ? conf : null;
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
        // Felix's configuration store is discarded at every start: the table outlives a restart only as a file in
        // conf/, which FileInstall loads then (and, named by its property, keeps in step with later updates)
        Path kept = keep(entries);
        if (kept != null) {
            next.put(FILEINSTALL_FILENAME, kept.toAbsolutePath().toUri().toString());
        }
        c.update(next);
    }

    /** Writes the table to {@code conf/egret.pricing.config} whole or not at all; null when there is no conf/. */
    private Path keep(String[] entries) throws IOException {
        if (confDir == null) {
            return null;
        }
        Path file = confDir.resolve(PRICES_FILE);
        // FileInstall watches *.cfg and *.config: the temporary name is not picked up half written
        Path tmp = confDir.resolve("." + PRICES_FILE + ".tmp");
        try {
            Files.writeString(tmp, typedConfig(entries), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            LOG.warn("price table applied but not kept for the next start: cannot write {}: {}", file, e.toString());
            return null;
        }
    }

    /** The table in Felix's typed {@code .config} format, which keeps the entries an array and defaults a boolean. */
    static String typedConfig(String[] entries) {
        StringBuilder b = new StringBuilder();
        b.append(PriceList.DEFAULTS_PROPERTY).append("=B\"false\"\n");
        b.append(PriceList.PRICES_PROPERTY).append("=[");
        for (int i = 0; i < entries.length; i++) {
            b.append(i == 0 ? "" : ",").append('"');
            for (char ch : entries[i].toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    b.append('\\').append(ch);
                } else if (ch < 0x20 || ch > 0x7e) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            b.append('"');
        }
        return b.append("]\n").toString();
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
