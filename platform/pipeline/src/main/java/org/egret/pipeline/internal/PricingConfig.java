package org.egret.pipeline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Egret model prices",
        description = "The price table every pipeline costs its calls with: the shipped list prices, plus these "
                + "overrides.")
@interface PricingConfig {

    @AttributeDefinition(name = "Prices", description = "One entry per model pattern: 'pattern input output "
            + "cache_read cache_write [reasoning]', USD per million tokens; a pattern is a case-insensitive glob "
            + "over the model name without provider prefix (e.g. 'gpt-4o-mini*'). An entry replaces the shipped "
            + "price of the same pattern, or adds one; the most specific matching pattern prices a call.")
    String[] prices() default {};

    @AttributeDefinition(name = "Start from the shipped prices", description = "When false, the entries above "
            + "are the whole table (the console's price editor writes it so); when true, they override the shipped "
            + "list prices.")
    boolean defaults() default true;
}
