package org.egret.console.internal.rest;

import java.io.IOException;
import java.util.List;
import org.egret.api.pricing.ModelPriceEntry;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageRetention;
import org.egret.api.storage.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/settings} (storage type and location, retention, prices) and {@code GET|PUT /api/settings/prices}.
 * A PUT replaces the whole table through Config Admin; the pipelines pick it up for their next call.
 */
final class SettingsRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsRoutes.class);

    private final StorageAccess storage;
    private final ConsoleSettings settings;

    SettingsRoutes(StorageAccess storage, ConsoleSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    ApiResponse settings() {
        StorageBackend s = storage.current();
        StorageStatus status = null;
        StorageRetention retention = null;
        if (s != null) {
            try {
                status = s.status();
                retention = s.retention();
            } catch (RuntimeException e) {
                LOG.warn("storage backend failed to report its settings", e);
            }
        }
        List<ModelPriceEntry> prices = settings.prices();
        StorageStatus st = status;
        StorageRetention r = retention;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("storage");
            g.writeStringField("type", st == null ? null : st.type());
            g.writeStringField("location", st == null ? null : SecretRedaction.redactValue(st.location()));
            g.writeBooleanField("bound", s != null);
            g.writeEndObject();
            if (r == null) {
                g.writeNullField("retention");
            } else {
                g.writeObjectFieldStart("retention");
                g.writeBooleanField("enabled", r.enabled());
                g.writeNumberField("calls_days", r.callsDays());
                g.writeNumberField("bodies_days", r.bodiesDays());
                g.writeNumberField("metrics_days", r.metricsDays());
                g.writeEndObject();
            }
            PriceTableJson.write(g, "prices", prices == null ? List.of() : prices);
            g.writeEndObject();
        });
    }

    ApiResponse prices() throws ApiException {
        List<ModelPriceEntry> prices = settings.prices();
        if (prices == null) {
            throw ApiException.unavailable("pricing unavailable: no pipeline bundle publishes a price table");
        }
        return table(prices);
    }

    ApiResponse putPrices(ApiRequest request) throws ApiException {
        List<ModelPriceEntry> prices = PriceTableJson.read(request.jsonBody());
        try {
            settings.writePrices(prices);
        } catch (IOException e) {
            LOG.error("writing the price table to Config Admin failed", e);
            throw ApiException.unavailable("the price table could not be saved: configuration unavailable");
        }
        LOG.info("price table replaced through the API: {} models", prices.size());
        return table(prices);
    }

    private static ApiResponse table(List<ModelPriceEntry> prices) {
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            PriceTableJson.write(g, "prices", prices);
            g.writeEndObject();
        });
    }
}
