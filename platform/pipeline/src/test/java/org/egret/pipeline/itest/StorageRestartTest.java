package org.egret.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.stream.Stream;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.ExchangeQuery;
import org.egret.api.storage.StorageBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
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
 * The DuckDB storage bundle stopped and started again under a running pipeline: the pipeline stays (same service),
 * holds what it decodes meanwhile and writes it once the backend is back; a live source's overflow is counted.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class StorageRestartTest {
    private static final String DUCKDB_BSN = "org.egret.storage.duckdb";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    private Path dir;
    private Configuration storage;
    private Configuration pipeline;
    private ServiceRegistration<PacketSourceFactory> feedRegistration;
    private String name;

    private ConversationFeed start(String name, boolean live, Object... extra) throws Exception {
        this.name = name;
        dir = Files.createTempDirectory("egret-restart-");
        storage = admin.getConfiguration("egret.storage.duckdb", "?");
        storage.update(props("path", dir.resolve("restart.duckdb").toString(), "retention_enabled", false));
        ConversationFeed feed = new ConversationFeed(live);
        feedRegistration = context.registerService(PacketSourceFactory.class, feed,
                props(PacketSourceFactory.TYPE_PROPERTY, ConversationFeed.TYPE));
        Object[] kv = {"sources", new String[] {ConversationFeed.TYPE + ":test"}, "workers", 1, "storage_flush_ms", 50,
            "batch_bytes", 65_536, "storage.backend", "duckdb"};
        Object[] all = java.util.Arrays.copyOf(kv, kv.length + extra.length);
        System.arraycopy(extra, 0, all, kv.length, extra.length);
        pipeline = admin.getFactoryConfiguration("egret.pipeline", name, "?");
        pipeline.update(props(all));
        return feed;
    }

    @AfterEach
    void cleanUp() throws Exception {
        Bundle duckdb = bundle(DUCKDB_BSN);
        if (duckdb.getState() != Bundle.ACTIVE) {
            duckdb.start();
        }
        pipeline.delete();
        await("pipeline unregistered", () -> pipelineRef(name) == null ? Boolean.TRUE : null);
        feedRegistration.unregister();
        storage.delete();
        await("storage unregistered",
                () -> context.getServiceReference(StorageBackend.class) == null ? Boolean.TRUE : null);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theStorageBundleStoppedAndStartedUnderARunningPipelineLosesNothing() throws Exception {
        ConversationFeed feed = start("restart", false);
        ServiceReference<PipelineStatus> ref = await("pipeline registered", () -> pipelineRef("restart"));
        PipelineStatus status = context.getService(ref);
        await("pipeline running", () -> status.state() == PipelineState.RUNNING ? Boolean.TRUE : null);
        send(feed, 0, 20);
        await("first 20 stored", () -> status.counters().get("flushed_calls") == 20 ? Boolean.TRUE : null);

        Bundle duckdb = bundle(DUCKDB_BSN);
        duckdb.stop();
        await("storage unbound", () -> !status.storageWriter().bound() ? Boolean.TRUE : null);
        send(feed, 20, 30);
        await("the next 30 decoded", () -> status.counters().get("http_exchanges_decoded") == 50 ? Boolean.TRUE : null);
        Thread.sleep(300);
        StorageWriterStatus waiting = status.storageWriter();
        assertThat(waiting.backend()).isEqualTo("duckdb");
        assertThat(waiting.healthy()).isFalse();
        assertThat(waiting.lastError()).contains("no duckdb storage backend bound");
        Map<String, Long> c = status.counters();
        assertThat(c.get("flushed_calls")).as("nothing written while no backend is bound").isEqualTo(20);
        assertThat(c.get("storage_bound")).isZero();
        assertThat(pipelineRef("restart").getProperty("service.id")).as("the same pipeline, never restarted")
                .isEqualTo(ref.getProperty("service.id"));
        assertThat(status.state()).isEqualTo(PipelineState.RUNNING);

        duckdb.start();
        await("the held 30 written", () -> status.counters().get("flushed_calls") == 50 ? Boolean.TRUE : null);
        send(feed, 50, 10);
        await("10 more written", () -> status.counters().get("flushed_calls") == 60 ? Boolean.TRUE : null);
        StorageBackend backend = backend();
        assertThat(backend.queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(60);
        assertThat(backend.queryExchanges(ExchangeQuery.all(0, 1)).total()).isEqualTo(60);
        assertThat(status.storageWriter().bound()).isTrue();
        assertThat(status.storageWriter().healthy()).isTrue();
        assertThat(status.counters().get("storage_dropped_exchanges")).isZero();
        assertThat(pipelineRef("restart").getProperty("service.id")).isEqualTo(ref.getProperty("service.id"));
    }

    @Test
    void aLiveSourceDropsAndCountsWhatTheQueueCannotHoldWhileTheStorageIsAway() throws Exception {
        // a queue of 16 and batches of 4: with the storage away, at most 20 exchanges are held
        ConversationFeed feed = start("livedrop", true, "storage_queue", 16, "storage_batch", 4);
        PipelineStatus status = context.getService(await("pipeline registered", () -> pipelineRef("livedrop")));
        await("pipeline running", () -> status.state() == PipelineState.RUNNING ? Boolean.TRUE : null);
        Bundle duckdb = bundle(DUCKDB_BSN);
        duckdb.stop();
        await("storage unbound", () -> !status.storageWriter().bound() ? Boolean.TRUE : null);
        // paced, one conversation decoded before the next is sent: the workers keep up, only the storage cannot
        for (int seq = 0; seq < 80; seq++) {
            long before = status.counters().get("http_exchanges_decoded");
            send(feed, seq, 1);
            await("exchange " + seq + " decoded",
                    () -> status.counters().get("http_exchanges_decoded") > before ? Boolean.TRUE : null);
        }
        Map<String, Long> c = status.counters();
        long decoded = c.get("http_exchanges_decoded");
        long dropped = c.get("storage_dropped_exchanges");
        assertThat(decoded).isEqualTo(80);
        assertThat(c.get("pkts_dropped_backpressure")).isZero();
        assertThat(status.storageWriter().queuedRows()).isEqualTo(16);
        assertThat(dropped).as("the queue holds 16, the writer a batch of at most 4: the rest is dropped")
                .isBetween(80L - 16 - 4, 80L - 16 - 1);
        assertThat(status.storageWriter().droppedExchanges()).isEqualTo(dropped);
        assertThat(c.get("storage_dropped_calls")).isEqualTo(dropped);

        duckdb.start();
        await("what was held written", () -> status.counters().get("flushed_exchanges") + dropped == decoded
                ? Boolean.TRUE : null);
        assertThat(backend().queryCalls(CallQuery.all(0, 1)).total()).isEqualTo(decoded - dropped);
    }

    /** The value once it has not changed for half a second. */
    private static long awaitSettled(Probe<Long> value) throws Exception {
        long last = value.get();
        long since = System.currentTimeMillis();
        long deadline = since + 30_000;
        while (System.currentTimeMillis() - since < 500) {
            assertThat(System.currentTimeMillis()).as("settled in time").isLessThan(deadline);
            Thread.sleep(50);
            long now = value.get();
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            }
        }
        return last;
    }

    /** {@code n} OpenAI chat calls, sequence numbers from {@code first}. */
    private static void send(ConversationFeed feed, int first, int n) {
        for (int seq = first; seq < first + n; seq++) {
            feed.send(DecoderHotSwapTest.Feeder.post("/v1/chat/completions?seq=" + seq, "{\"model\":\"gpt-4o-mini\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    DecoderHotSwapTest.Feeder.response("application/json", "{\"id\":\"chatcmpl-1\",\"object\":"
                            + "\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}"));
        }
    }

    private StorageBackend backend() throws Exception {
        return context.getService(await("storage registered", () -> context.getServiceReference(StorageBackend.class)));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + bsn + " is not installed");
    }

    private ServiceReference<PipelineStatus> pipelineRef(String name) throws Exception {
        var refs = context.getServiceReferences(PipelineStatus.class, "(egret.pipeline.name=" + name + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
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
