package org.egret.api.pricing;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The price table every pipeline costs its calls with, registered as a service by the pipeline bundle. It is
 * configured through Config Admin PID {@link #PID}: {@link #PRICES_PROPERTY} holds one entry a string,
 * {@code "pattern input output cache_read cache_write [reasoning]"}; {@link #DEFAULTS_PROPERTY} false drops the
 * shipped list prices so that the configured entries are the whole table.
 */
@ProviderType
public interface PriceList {

    String PID = "egret.pricing";
    String PRICES_PROPERTY = "prices";
    String DEFAULTS_PROPERTY = "defaults";

    /** The table in effect now, in the order it was given (shipped entries first, then configured ones). */
    List<ModelPriceEntry> prices();
}
