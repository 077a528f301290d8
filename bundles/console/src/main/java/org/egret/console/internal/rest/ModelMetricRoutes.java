package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.egret.api.pipeline.LatencyStats;
import org.egret.api.pipeline.MetricDimension;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/metrics/models}: Heron's per (wire API, model) table, plus cost. Read from the pipelines'
 * event-time windows when they hold calls of the range (exact TPOT and merged percentiles, no storage read), else
 * from the stored calls grouped by the storage, so an appliance that only serves the API, or one just restarted,
 * still answers; {@code source} says which. Stored calls carry no TPOT distribution: {@code tpot_avg} is then null.
 * A {@code server_ip} filter always reads storage, as the windows are not kept per server. Windows start empty
 * when a pipeline starts: over a range reaching further back than that, a live appliance answers from what it saw
 * since (as {@code /api/metrics/summary} does), which is why the answer names its source.
 */
final class ModelMetricRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ModelMetricRoutes.class);
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;
    static final int MAX_GROUPS = 10_000;

    /** One row of the table, from windows or from a call group. */
    record ModelRow(String wireApi, String model, long calls, long errors, long errors4xx, long errors429,
            long errors5xx, long streams, long inputTokens, long outputTokens, Double ttftAvg, Double ttftP95,
            Double e2eAvg, Double e2eP95, Double tpotAvg, double costUsd) {

        static ModelRow of(MetricWindow w) {
            LatencyStats ttft = w.ttft();
            return new ModelRow(w.wireApi(), w.model(), w.calls(), w.errors(), w.errors4xx(), w.errors429(),
                    w.errors5xx(), w.streamCalls(), w.inputTokens(), w.outputTokens(), ttft.avgMs(), p95(ttft),
                    w.e2e().avgMs(), p95(w.e2e()), w.tpot().avgMs(), w.costUsd());
        }

        static ModelRow of(CallGroup g) {
            return new ModelRow(g.key().get(0), g.key().get(1), g.callCount(), g.errorCount(), g.error4xxCount(),
                    g.error429Count(), g.error5xxCount(), g.streamCount(), g.inputTokens(), g.outputTokens(),
                    g.ttftAvgMs(), g.ttftP95Ms(), g.e2eAvgMs(), g.e2eP95Ms(), null, g.costUsd());
        }

        private static Double p95(LatencyStats s) {
            return s.count() == 0 ? null : s.p95Ms();
        }
    }

    static final Map<String, Function<ModelRow, Comparable<?>>> SORT_FIELDS;

    static {
        Map<String, Function<ModelRow, Comparable<?>>> m = new LinkedHashMap<>();
        m.put("call_count", ModelRow::calls);
        m.put("error_count", ModelRow::errors);
        m.put("total_input_tokens", ModelRow::inputTokens);
        m.put("total_output_tokens", ModelRow::outputTokens);
        m.put("ttft_avg", ModelRow::ttftAvg);
        m.put("ttft_p95", ModelRow::ttftP95);
        m.put("e2e_avg", ModelRow::e2eAvg);
        m.put("e2e_p95", ModelRow::e2eP95);
        m.put("tpot_avg", ModelRow::tpotAvg);
        m.put("total_cost_usd", ModelRow::costUsd);
        m.put("wire_api", ModelRow::wireApi);
        m.put("model", ModelRow::model);
        SORT_FIELDS = java.util.Collections.unmodifiableMap(m);
    }

    private final StorageAccess storage;
    private final Supplier<List<PipelineStatus>> pipelines;

    ModelMetricRoutes(StorageAccess storage, Supplier<List<PipelineStatus>> pipelines) {
        this.storage = storage;
        this.pipelines = pipelines;
    }

    ApiResponse models(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        String by = ListParams.sortBy(q, List.copyOf(SORT_FIELDS.keySet()), "call_count");
        SortOrder order = ListParams.sortOrder(q);
        int limit = GroupFilters.limit(q, DEFAULT_LIMIT, MAX_LIMIT);
        List<ModelRow> rows = f.serverIps().isEmpty() ? fromWindows(f) : List.of();
        String source = "windows";
        if (rows.isEmpty()) {
            source = "storage";
            rows = storage.require().groupCalls(f.by(MAX_GROUPS, CallGroupKey.WIRE_API, CallGroupKey.MODEL))
                    .stream().map(ModelRow::of).toList();
        }
        List<ModelRow> sorted = sort(rows, by, order);
        List<ModelRow> page = sorted.subList(0, Math.min(limit, sorted.size()));
        String from = source;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (ModelRow r : page) {
                write(g, r);
            }
            g.writeEndArray();
            g.writeStringField("source", from);
            g.writeEndObject();
        });
    }

    /** The windows of the range merged per (wire API, model) across windows and pipelines; empty without calls. */
    private List<ModelRow> fromWindows(GroupFilters f) {
        MetricWindowQuery query = new MetricWindowQuery(null, f.range().fromMicros(), f.range().toMicros(),
                f.wireApis(), f.models(), List.of(), f.agentKinds(), Set.of(MetricDimension.WIRE_API,
                        MetricDimension.MODEL));
        Map<List<String>, MetricWindow> merged = new LinkedHashMap<>();
        List<PipelineStatus> ps = pipelines.get();
        for (PipelineStatus p : ps == null ? List.<PipelineStatus>of() : List.copyOf(ps)) {
            try {
                for (MetricWindow w : p.metricWindows(query)) {
                    merged.merge(java.util.Arrays.asList(w.wireApi(), w.model()), w, MetricWindow::plus);
                }
            } catch (RuntimeException e) {
                LOG.warn("pipeline {} failed to read its metric windows", p.name(), e);
            }
        }
        List<ModelRow> rows = new ArrayList<>();
        for (MetricWindow w : merged.values()) {
            if (w.calls() > 0) {
                rows.add(ModelRow.of(w));
            }
        }
        return rows;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<ModelRow> sort(List<ModelRow> rows, String by, SortOrder order) {
        Function<ModelRow, Comparable<?>> f = SORT_FIELDS.get(by);
        Comparator<Comparable> natural = order == SortOrder.ASC ? Comparator.naturalOrder()
                : Comparator.reverseOrder();
        Comparator<String> names = Comparator.nullsLast(Comparator.naturalOrder());
        // ties: the busiest first, then by name, so windows and storage list a tie alike
        Comparator<ModelRow> c = Comparator.comparing((ModelRow r) -> (Comparable) f.apply(r),
                Comparator.nullsLast(natural)).thenComparing(Comparator.comparingLong(ModelRow::calls).reversed())
                .thenComparing(ModelRow::wireApi, names).thenComparing(ModelRow::model, names);
        return rows.stream().sorted(c).toList();
    }

    private static void write(JsonGenerator g, ModelRow r) throws IOException {
        g.writeStartObject();
        g.writeStringField("wire_api", r.wireApi());
        g.writeStringField("model", r.model());
        g.writeNumberField("call_count", r.calls());
        g.writeNumberField("error_count", r.errors());
        g.writeNumberField("error_4xx_count", r.errors4xx());
        g.writeNumberField("error_429_count", r.errors429());
        g.writeNumberField("error_5xx_count", r.errors5xx());
        g.writeNumberField("stream_count", r.streams());
        g.writeNumberField("total_input_tokens", r.inputTokens());
        g.writeNumberField("total_output_tokens", r.outputTokens());
        JsonOutput.numberOrNull(g, "ttft_avg", r.ttftAvg());
        JsonOutput.numberOrNull(g, "ttft_p95", r.ttftP95());
        JsonOutput.numberOrNull(g, "e2e_avg", r.e2eAvg());
        JsonOutput.numberOrNull(g, "e2e_p95", r.e2eP95());
        JsonOutput.numberOrNull(g, "tpot_avg", r.tpotAvg());
        g.writeNumberField("total_cost_usd", r.costUsd());
        g.writeEndObject();
    }
}
