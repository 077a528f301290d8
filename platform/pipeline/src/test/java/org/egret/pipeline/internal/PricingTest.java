package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import org.egret.api.pricing.ModelPriceEntry;
import org.junit.jupiter.api.Test;

/** The pricing component as Config Admin drives it, and the price list it publishes. */
class PricingTest {

    private static PricingConfig config(boolean defaults, String... prices) {
        return new PricingConfig() {
            @Override
            public String[] prices() {
                return prices;
            }

            @Override
            public boolean defaults() {
                return defaults;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PricingConfig.class;
            }
        };
    }

    @Test
    void overridesKeepTheShippedPricesAndTheListShowsThemAll() {
        Pricing p = new Pricing();
        int shipped = p.prices().size();
        assertThat(shipped).isGreaterThan(20);
        p.configure(config(true, "my-model* 1 2 0.5 0.25"));
        assertThat(p.prices()).hasSize(shipped + 1);
        assertThat(p.prices().get(shipped)).isEqualTo(new ModelPriceEntry("my-model*", 1, 2, 0.5, 0.25, 2));
        assertThat(p.table().priceOf("gpt-4o-2024-08-06")).isNotNull();
    }

    @Test
    void withoutDefaultsTheConfiguredEntriesAreTheWholeTable() {
        Pricing p = new Pricing();
        p.configure(config(false, "my-model* 1 2 0 0 3", "gpt-4o* 0 0 0 0"));
        assertThat(p.prices()).containsExactly(new ModelPriceEntry("my-model*", 1, 2, 0, 0, 3),
                new ModelPriceEntry("gpt-4o*", 0, 0, 0, 0, 0));
        assertThat(p.table().priceOf("claude-sonnet-4-5-20250929")).isNull();
        assertThat(p.table().priceOf("my-model-7b").input()).isEqualTo(1);
        // a wrong entry leaves the table as it was
        p.configure(config(false, "broken 1"));
        assertThat(p.prices()).hasSize(2);
    }
}
