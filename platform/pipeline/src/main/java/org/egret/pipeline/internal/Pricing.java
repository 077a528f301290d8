package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.egret.api.pricing.ModelPriceEntry;
import org.egret.api.pricing.PriceList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price table, editable at runtime through Config Admin ({@code egret.pricing}): a change applies to the next
 * call of every pipeline, without restarting any. A wrong entry is one clear log line naming it; the table then
 * stays as it was.
 */
@Component(service = {Pricing.class, PriceList.class}, configurationPid = Pricing.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PricingConfig.class)
public final class Pricing implements PriceList {

    static final String PID = PriceList.PID;
    private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);

    private volatile PriceTable table = PriceTable.of(PriceTable.defaults(), List.of());

    @Activate
    @Modified
    void configure(PricingConfig config) {
        try {
            table = PriceTable.of(config.defaults() ? PriceTable.defaults() : List.of(),
                    PriceTable.parse(Arrays.asList(config.prices()), PID + " prices"));
            LOG.info("price table: {} model patterns ({} configured)", table.size(), config.prices().length);
        } catch (IllegalArgumentException e) {
            LOG.error("price table not changed: {}", e.getMessage());
        }
    }

    PriceTable table() {
        return table;
    }

    @Override
    public List<ModelPriceEntry> prices() {
        List<ModelPriceEntry> out = new ArrayList<>();
        for (ModelPrice p : table.prices()) {
            out.add(new ModelPriceEntry(p.pattern(), p.input(), p.output(), p.cacheRead(), p.cacheWrite(),
                    p.reasoning()));
        }
        return out;
    }
}
