package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.egret.api.pricing.ModelPriceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ConfigAdminSettingsTest {

    @TempDir
    Path home;

    @Test
    void aPutTableIsKeptInConfForTheNextStartAndNamedForFileInstall() throws Exception {
        Path conf = Files.createDirectory(home.resolve("conf"));
        AtomicReference<Dictionary<String, Object>> updated = new AtomicReference<>();
        ConfigAdminSettings settings = new ConfigAdminSettings(() -> admin(updated), () -> null, null,
                ConfigAdminSettings.confDir(home.toString()));

        settings.writePrices(List.of(new ModelPriceEntry("gpt-4o-mini*", 0.15, 0.6, 0.075, 0, 0.6),
                new ModelPriceEntry("odd\"name\\é", 1, 2, 0, 0, 2)));

        Path file = conf.resolve("egret.pricing.config");
        assertThat(file).content().isEqualTo("defaults=B\"false\"\n"
                + "prices=[\"gpt-4o-mini* 0.15 0.6 0.075 0 0.6\",\"odd\\\"name\\\\\\u00e9 1 2 0 0 2\"]\n");
        assertThat(conf.resolve(".egret.pricing.config.tmp")).doesNotExist();
        assertThat(updated.get().get("felix.fileinstall.filename")).isEqualTo(file.toUri().toString());
        assertThat((String[]) updated.get().get("prices")).hasSize(2);
        assertThat(updated.get().get("defaults")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void withoutConfTheTableIsAppliedOnly() throws Exception {
        assertThat(ConfigAdminSettings.confDir(home.toString())).isNull();
        assertThat(ConfigAdminSettings.confDir(null)).isNull();
        AtomicReference<Dictionary<String, Object>> updated = new AtomicReference<>();
        new ConfigAdminSettings(() -> admin(updated), () -> null, null, null)
                .writePrices(List.of(new ModelPriceEntry("m", 1, 2, 0, 0, 2)));
        assertThat(updated.get().get("felix.fileinstall.filename")).isNull();
        assertThat((String[]) updated.get().get("prices")).containsExactly("m 1 2 0 0 2");
    }

    /** A Config Admin holding one configuration without properties, recording its update. */
    @SuppressWarnings("unchecked")
    private static ConfigurationAdmin admin(AtomicReference<Dictionary<String, Object>> updated) {
        Configuration c = (Configuration) Proxy.newProxyInstance(ConfigAdminSettingsTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getProperties" -> null;
                    case "update" -> {
                        updated.set((Dictionary<String, Object>) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigAdminSettingsTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getConfiguration")) {
                        return c;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
