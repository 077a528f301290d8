package org.egret.console.internal.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.egret.api.pricing.ModelPriceEntry;

/** What the settings and runtime-config routes read and write beyond storage: the price list and Config Admin. */
public interface ConsoleSettings {

    /** Neither prices nor Config Admin: those routes answer 503. */
    ConsoleSettings NONE = new ConsoleSettings() {
        @Override
        public List<ModelPriceEntry> prices() {
            return null;
        }

        @Override
        public void writePrices(List<ModelPriceEntry> prices) throws IOException {
            throw new IOException("Config Admin is not running");
        }

        @Override
        public Map<String, Map<String, Object>> configurations() {
            return null;
        }

        @Override
        public String configPath() {
            return null;
        }
    };

    /** The price table in effect, or null while no pipeline bundle publishes one. */
    List<ModelPriceEntry> prices();

    /** Makes these prices the whole table, through Config Admin, so it persists and every pipeline picks it up. */
    void writePrices(List<ModelPriceEntry> prices) throws IOException;

    /** Every Egret configuration in Config Admin by PID, secrets included (the route redacts); null without it. */
    Map<String, Map<String, Object>> configurations() throws IOException;

    /** The configuration file the appliance was started with, or null. */
    String configPath();
}
