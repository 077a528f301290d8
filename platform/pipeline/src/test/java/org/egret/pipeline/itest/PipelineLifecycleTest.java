package org.egret.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.stream.Stream;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** The pipeline manager in a real Felix framework with the real storage, source and decoder bundles. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PipelineLifecycleTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    private Path dir;
    private Configuration storage;

    @BeforeEach
    void storage() throws Exception {
        dir = Files.createTempDirectory("egret-itest-");
        storage = admin.getConfiguration("egret.storage.duckdb", "?");
        storage.update(props("path", dir.resolve("itest.duckdb").toString(), "retention_enabled", false));
    }

    @AfterEach
    void cleanUp() throws Exception {
        storage.delete();
        // the storage closes its file when its component goes; then the temporary folder can go too
        await("storage unregistered",
                () -> context.getServiceReference(StorageBackend.class) == null ? Boolean.TRUE : null);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aPipelineExistsExactlyAsLongAsItsConfigurationAndStoresWhatItReplays() throws Exception {
        Configuration pipeline = admin.getFactoryConfiguration("egret.pipeline", "itest", "?");
        pipeline.update(props("sources", new String[] {"pcap-file:" + capture("openai-chat-tools.pcap")},
                "workers", 2));

        ServiceReference<PipelineStatus> ref = await("pipeline itest registered", () -> pipelineRef("itest"));
        PipelineStatus status = context.getService(ref);
        await("pipeline itest drained", () -> status.state() == PipelineState.DRAINED ? status : null);
        assertThat(status.running()).isFalse();
        assertThat(ref.getProperty(PipelineStatus.STATE_PROPERTY)).isIn("DRAINED", "RUNNING");
        Map<String, Long> counters = status.counters();
        assertThat(counters.get("flushed_calls")).isEqualTo(2L);
        assertThat(counters.get("flushed_exchanges")).isEqualTo(2L);
        assertThat(counters.get("pkts_received")).isPositive();

        StorageBackend backend = context.getService(context.getServiceReference(StorageBackend.class));
        Page<LlmCall> calls = backend.queryCalls(CallQuery.all(0, 10));
        assertThat(calls.total()).isEqualTo(2);
        assertThat(calls.items()).allSatisfy(c -> {
            assertThat(c.getWireApi()).isEqualTo("openai-chat");
            assertThat(c.getPipeline()).isEqualTo("itest");
        });

        pipeline.delete();
        await("pipeline itest unregistered", () -> pipelineRef("itest") == null ? Boolean.TRUE : null);
    }

    @Test
    void decodersAreBoundAndUnboundWhileThePipelineRuns() throws Exception {
        Configuration pipeline = admin.getFactoryConfiguration("egret.pipeline", "dynamics", "?");
        pipeline.update(props("sources", new String[] {"pcap-file:" + capture("openai-chat-stream.pcap")}));
        try {
            ServiceReference<PipelineStatus> ref = await("pipeline registered", () -> pipelineRef("dynamics"));
            PipelineStatus status = context.getService(ref);
            await("openai-chat decoder bound", () -> decoders(status) == 1 ? status : null);

            ServiceRegistration<WireApiDecoder> extra = context.registerService(WireApiDecoder.class,
                    new NothingDecoder(), props("egret.wireapi.name", "nothing"));
            await("second decoder bound", () -> decoders(status) == 2 ? status : null);
            extra.unregister();
            await("second decoder unbound", () -> decoders(status) == 1 ? status : null);

            Bundle openai = bundle("org.egret.decoder.openai.chat");
            openai.stop();
            await("openai-chat decoder unbound with its bundle", () -> decoders(status) == 0 ? status : null);
            openai.start();
            await("openai-chat decoder bound again", () -> decoders(status) == 1 ? status : null);
        } finally {
            pipeline.delete();
        }
    }

    private static long decoders(PipelineStatus status) {
        return status.counters().getOrDefault("decoders", -1L);
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

    /** A decoder that claims nothing: only its presence matters here. */
    static final class NothingDecoder implements WireApiDecoder {
        @Override
        public String wireApi() {
            return "nothing";
        }

        @Override
        public int probe(HttpRequest request) {
            return 0;
        }

        @Override
        public LlmCall decode(HttpExchange exchange) {
            return new LlmCall();
        }
    }
}
