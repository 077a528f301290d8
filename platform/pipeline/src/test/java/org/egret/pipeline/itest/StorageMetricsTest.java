package org.egret.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.pipeline.MetricGranularity;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.ExchangeRecord;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.MetricRollup;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A replay into a backend type chosen by {@code storage.backend} that stores metrics: it gets the calls, the
 * minutes of the capture as rollups and a last health sample, and is flushed before the pipeline reports drained.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class StorageMetricsTest {
    private static final String TYPE = "itest-metrics";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    /** Keeps what it is given; notes the pipeline's published state at each flush. */
    final class MetricsBackend implements StorageBackend {
        final List<LlmCall> calls = Collections.synchronizedList(new ArrayList<>());
        final List<MetricRollup> rollups = Collections.synchronizedList(new ArrayList<>());
        final List<HealthSample> samples = Collections.synchronizedList(new ArrayList<>());
        final List<String> statesAtFlush = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void writeCalls(List<LlmCall> batch) {
            calls.addAll(batch);
        }

        @Override
        public void writeExchanges(List<ExchangeRecord> batch) {
        }

        @Override
        public void flush() {
            try {
                ServiceReference<PipelineStatus> ref = pipelineRef("metrics");
                statesAtFlush.add(ref == null ? "none" : String.valueOf(context.getService(ref).state()));
            } catch (Exception e) {
                statesAtFlush.add(e.toString());
            }
        }

        @Override
        public boolean storesMetrics() {
            return true;
        }

        @Override
        public void writeRollups(List<MetricRollup> batch) {
            rollups.addAll(batch);
        }

        @Override
        public void writeHealthSamples(List<HealthSample> batch) {
            samples.addAll(batch);
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
            return new StorageStatus(TYPE, "memory", true, calls.size(), 0, 0, null);
        }
    }

    @Test
    void aReplayStoresItsMinutesAndALastHealthSampleAndIsFlushedBeforeItDrains() throws Exception {
        MetricsBackend backend = new MetricsBackend();
        ServiceRegistration<StorageBackend> reg = context.registerService(StorageBackend.class, backend,
                props(StorageBackend.TYPE_PROPERTY, TYPE));
        Configuration pipeline = admin.getFactoryConfiguration("egret.pipeline", "metrics", "?");
        try {
            pipeline.update(props("sources", new String[] {"pcap-file:" + capture("openai-chat-tools.pcap")},
                    "workers", 1, "storage.backend", TYPE));
            PipelineStatus status = context.getService(await("pipeline registered", () -> pipelineRef("metrics")));
            await("drained", () -> status.state() == PipelineState.DRAINED ? Boolean.TRUE : null);

            assertThat(backend.calls).hasSize(2);
            assertThat(backend.rollups).isNotEmpty().allSatisfy(r -> {
                assertThat(r.pipeline()).isEqualTo("metrics");
                assertThat(r.window().granularity()).isEqualTo(MetricGranularity.ONE_MINUTE);
                assertThat(r.window().wireApi()).isEqualTo("openai-chat");
            });
            assertThat(backend.rollups.stream().mapToLong(r -> r.window().calls()).sum())
                    .as("every call in exactly one stored minute").isEqualTo(2);
            HealthSample last = backend.samples.get(backend.samples.size() - 1);
            assertThat(last.state()).isEqualTo("drained");
            assertThat(last.pipeline()).isEqualTo("metrics");
            assertThat(last.counters()).containsEntry("flushed_calls", 2L);
            assertThat(backend.statesAtFlush).as("flushed while the pipeline still ran").isNotEmpty()
                    .doesNotContain("DRAINED");
            assertThat(status.counters()).containsEntry("flushed_rollups", (long) backend.rollups.size())
                    .containsEntry("storage_dropped_rollups", 0L);
        } finally {
            pipeline.delete();
            await("pipeline unregistered", () -> pipelineRef("metrics") == null ? Boolean.TRUE : null);
            reg.unregister();
        }
    }

    private ServiceReference<PipelineStatus> pipelineRef(String name) throws Exception {
        var refs = context.getServiceReferences(PipelineStatus.class, "(egret.pipeline.name=" + name + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private static String capture(String name) {
        Path p = Path.of(System.getProperty("egret.testdata"), name).toAbsolutePath().normalize();
        assertThat(p).exists();
        return p.toString();
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static Dictionary<String, Object> props(Object... kv) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return h;
    }
}
