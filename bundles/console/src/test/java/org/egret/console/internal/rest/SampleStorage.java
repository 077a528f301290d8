package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageRetention;
import org.egret.api.storage.StorageStatus;

/** A backend holding health samples (newest first, as the backends answer) and a retention; no calls. */
final class SampleStorage implements StorageBackend {

    final List<HealthSample> samples = new ArrayList<>();
    final List<HealthQuery> queries = new ArrayList<>();
    StorageRetention retention = new StorageRetention(true, 30, 7, 90);
    StorageStatus status = new StorageStatus("duckdb", "/var/lib/egret/egret.duckdb", true, 12, 34, 1, null, 5, 600);

    @Override
    public void writeCalls(List<LlmCall> calls) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void writeExchanges(List<ExchangeRecord> exchanges) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<LlmCall> queryCalls(CallQuery query) {
        return new Page<>(0, List.of());
    }

    @Override
    public Optional<LlmCall> findCall(String id) {
        return Optional.empty();
    }

    @Override
    public Page<ExchangeRecord> queryExchanges(ExchangeQuery query) {
        return new Page<>(0, List.of());
    }

    @Override
    public Optional<ExchangeRecord> findExchange(String id) {
        return Optional.empty();
    }

    @Override
    public StorageStatus status() {
        return status;
    }

    @Override
    public StorageRetention retention() {
        return retention;
    }

    @Override
    public boolean storesMetrics() {
        return true;
    }

    @Override
    public Page<HealthSample> queryHealthSamples(HealthQuery q) {
        queries.add(q);
        List<HealthSample> in = samples.stream()
                .filter(s -> s.timeMicros() >= q.range().fromMicros() && s.timeMicros() < q.range().toMicros())
                .sorted(Comparator.comparingLong(HealthSample::timeMicros).reversed()).toList();
        return new Page<>(in.size(), in.subList(Math.min(q.offset(), in.size()),
                Math.min(in.size(), q.offset() + q.limit())));
    }
}
