package org.egret.pipeline.internal;

import java.util.Arrays;
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
@Component(service = Pricing.class, configurationPid = Pricing.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PricingConfig.class)
public final class Pricing {

    static final String PID = "egret.pricing";
    private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);

    private volatile PriceTable table = PriceTable.of(PriceTable.defaults(), java.util.List.of());

    @Activate
    @Modified
    void configure(PricingConfig config) {
        try {
            table = PriceTable.of(PriceTable.defaults(), PriceTable.parse(Arrays.asList(config.prices()),
                    PID + " prices"));
            LOG.info("price table: {} model patterns ({} configured)", table.size(), config.prices().length);
        } catch (IllegalArgumentException e) {
            LOG.error("price table not changed: {}", e.getMessage());
        }
    }

    PriceTable table() {
        return table;
    }
}
