package org.egret.pipeline.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.egret.api.packet.PacketSource;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.packet.SourceException;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.AgentWindow;
import org.egret.api.pipeline.MetricSample;
import org.egret.api.pipeline.MetricWindow;
import org.egret.api.pipeline.MetricWindowQuery;
import org.egret.api.pipeline.PipelineState;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pipeline.StorageWriterStatus;
import org.egret.api.storage.HealthSample;
import org.egret.api.turn.AgentTurn;
import org.egret.netstack.NetstackConfig;
import org.egret.netstack.NetstackCounters;
import org.egret.netstack.PacketDecoder;
import org.egret.netstack.TcpFlowTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pipeline: sources → dispatchers → workers → storage sink. Owns its threads; reports state changes to
 * a listener. Drained means every source ended, every worker flushed its flows and the sink wrote everything.
 */
final class Pipeline implements PipelineStatus {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long FACTORY_WAIT_MILLIS = 30_000;
    /** Cumulative metrics of the calls decoded, for /metrics. */
    private final CallMetrics callMetrics = new CallMetrics();
    /** Event-time windows of the calls and closed turns, for the API and /metrics. */
    private final MetricWindows metricWindows = new MetricWindows();

    private final String name;
    private final PipelineConfig config;
    private final List<SourceSpec> specs;
    private final Function<String, PacketSourceFactory> factories;
    private final DecoderRegistry decoders;
    private final Consumer<Pipeline> onStateChange;
    private final PipelineCounters counters = new PipelineCounters();
    private final NetstackCounters dispatchCounters = new NetstackCounters();
    private final StorageSink sink;
    private final TurnTracker turns;
    private final Worker[] workers;
    private final BatchPool pool;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, PacketSource> sources = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, SourceProgress> finishedProgress = new ConcurrentHashMap<>();
    private volatile PipelineState state = PipelineState.STARTING;
    private volatile String failure;
    private volatile boolean stopping;

    Pipeline(String name, PipelineConfig config, List<SourceSpec> specs,
            Function<String, PacketSourceFactory> factories, DecoderRegistry decoders, StorageCandidates storage,
            Supplier<PriceTable> prices, Consumer<Pipeline> onStateChange) {
        this.name = name;
        this.config = config;
        this.specs = List.copyOf(specs);
        this.factories = factories;
        this.decoders = decoders;
        this.onStateChange = onStateChange;
        TimeOrderedIds ids = new TimeOrderedIds();
        boolean live = specs.stream().anyMatch(s -> !"pcap-file".equals(s.type()));
        this.turns = new TurnTracker(name, new TurnTracker.Settings(config.turn__idle__timeout__secs() * 1_000_000L,
                config.turn__late__window__secs() * 1_000_000L, config.turn__proxy__gap__ms() * 1_000L,
                config.turn__plan__loop__repeats(), Math.max(1, config.turn__max__sessions()), live), ids::next,
                turn -> {
                    // a proxied turn counts once, on the client's leg
                    if (!ProxyLegs.PROXY_OUT.equals(turn.getProxyRole())) {
                        metricWindows.recordTurn(turn);
                    }
                });
        this.sink = new StorageSink(name, storage, new StorageSink.Settings(config.storage__queue(),
                config.storage__queue__mb(), config.storage__batch(), config.storage__flush__ms(),
                config.health__sample__secs()), counters, turns, metricWindows, this::healthSample);
        int n = config.workers() > 0 ? config.workers()
                : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() - 1));
        this.pool = new BatchPool(n * (config.worker__queue__batches() + 2), Math.max(65_536, config.batch__bytes()));
        NetstackConfig netConfig = new NetstackConfig(config.parsed__body__cap(),
                NetstackConfig.defaults().maxBufferedSegmentsPerDirection(),
                config.flow__idle__timeout__secs() * 1_000_000L, NetstackConfig.defaults().maxSseEvents());
        HeaderRedactor redactor = new HeaderRedactor(config.redact__headers(), config.redact__query__params());
        BodyCap cap = new BodyCap(config.stored__body__cap());
        ExchangeProcessor processor = new ExchangeProcessor(name, decoders, redactor, cap, ids, sink, counters,
                prices, callMetrics, metricWindows);
        this.workers = new Worker[n];
        for (int i = 0; i < n; i++) {
            NetstackCounters nc = new NetstackCounters();
            // the worker re-decodes frames the dispatcher already accepted; its drop counters stay at zero
            workers[i] = new Worker("pipeline " + name + " worker " + i, config.worker__queue__batches(), pool,
                    specs.size(), nc, new PacketDecoder(new NetstackCounters()),
                    s -> new TcpFlowTable(sourceId(s), netConfig, nc, processor), counters, this::fail);
        }
    }

    private String sourceId(int index) {
        return specs.get(index).options().getOrDefault("source_id", defaultSourceId(specs.get(index)));
    }

    void start() {
        Thread sinkThread = thread("sink", sink);
        for (int i = 0; i < workers.length; i++) {
            thread("worker-" + i, workers[i]);
        }
        Thread coordinator = new Thread(() -> runSources(sinkThread), "egret-" + name + "-sources");
        coordinator.setDaemon(true);
        threads.add(coordinator);
        coordinator.start();
    }

    private Thread thread(String role, Runnable r) {
        Thread t = new Thread(r, "egret-" + name + "-" + role);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private void runSources(Thread sinkThread) {
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            SourceSpec spec = specs.get(i);
            int index = i;
            Dispatcher dispatcher = new Dispatcher(i, workers, pool, new PacketDecoder(dispatchCounters), counters);
            Thread reader = new Thread(() -> readSource(index, spec, dispatcher), "egret-" + name + "-source-" + i);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
        setState(PipelineState.RUNNING);
        try {
            for (Thread t : readers) {
                t.join();
            }
            for (Thread t : threads) {
                if (t.getName().contains("-worker-")) {
                    t.join();
                }
            }
            sink.finish();
            sinkThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopping) {
            setState(PipelineState.STOPPED);
        } else if (failure != null) {
            setState(PipelineState.FAILED);
        } else {
            Map<String, Long> c = counters();
            LOG.info("pipeline {} drained: {} packets, {} HTTP exchanges, {} LLM calls stored, {} agent turns "
                    + "({} complete, {} incomplete)", name, c.get("pkts_received"), c.get("flushed_exchanges"),
                    c.get("flushed_calls"), c.get("turns_complete") + c.get("turns_incomplete"),
                    c.get("turns_complete"), c.get("turns_incomplete"));
            setState(PipelineState.DRAINED);
        }
    }

    private void readSource(int index, SourceSpec spec, Dispatcher dispatcher) {
        String id = sourceId(index);
        try (PacketSource source = open(spec)) {
            if (source == null) {
                return;
            }
            sources.put(id, source);
            if (source.live() && config.drop__when__full()) {
                // a live source cannot wait: what the workers or the storage cannot take is dropped and counted
                dispatcher.dropWhenFull();
                sink.dropWhenFull(id);
            }
            LOG.info("pipeline {}: reading {}{}", name, spec, source.live() ? " (live)" : "");
            source.run(dispatcher);
            SourceProgress p = source.progress();
            finishedProgress.put(id, new SourceProgress(p.bytesRead(), p.bytesTotal(), p.packets(), p.damaged(), true));
            if (p.damaged() > 0) {
                LOG.warn("pipeline {}: {} damaged records skipped in {}", name, p.damaged(), spec.location());
            }
        } catch (SourceException e) {
            fail("cannot open source " + spec + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail("source " + spec + " failed: " + e.getMessage());
        } finally {
            dispatcher.finish();
        }
    }

    private PacketSource open(SourceSpec spec) throws SourceException {
        long deadline = System.currentTimeMillis() + FACTORY_WAIT_MILLIS;
        PacketSourceFactory factory;
        while ((factory = factories.apply(spec.type())) == null) {
            if (stopping || System.currentTimeMillis() > deadline) {
                if (!stopping) {
                    fail("no bundle provides source type '" + spec.type() + "'");
                }
                return null;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return factory.open(spec.location(), spec.options());
    }

    private void fail(String message) {
        if (failure == null) {
            failure = message;
        }
        LOG.error("pipeline {}: {}", name, message);
    }

    /** Stops reading, lets the stages drain for a moment, then stops. */
    void stop() {
        stopping = true;
        synchronized (sources) {
            for (PacketSource s : sources.values()) {
                try {
                    s.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("closing source", e);
                }
            }
        }
        long deadline = System.currentTimeMillis() + 5_000;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sink.abandon();
        for (Thread t : threads) {
            t.interrupt();
        }
        if (state != PipelineState.DRAINED) {
            setState(PipelineState.STOPPED);
        }
    }

    /** The health counters now, as stored; the last one, taken as the pipeline ends, names how it ended. */
    private HealthSample healthSample(boolean last) {
        PipelineState s = !last ? state : stopping ? PipelineState.STOPPED
                : failure != null ? PipelineState.FAILED : PipelineState.DRAINED;
        return new HealthSample(System.currentTimeMillis() * 1000, name, s.name().toLowerCase(Locale.ROOT),
                counters());
    }

    private void setState(PipelineState next) {
        state = next;
        onStateChange.accept(this);
    }

    static String defaultSourceId(SourceSpec spec) {
        String loc = spec.location();
        int slash = loc.lastIndexOf('/');
        String base = slash >= 0 ? loc.substring(slash + 1) : loc;
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PipelineState state() {
        return state;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public Map<String, SourceProgress> sources() {
        Map<String, SourceProgress> m = new LinkedHashMap<>();
        synchronized (sources) {
            sources.forEach((id, s) -> m.put(id, s.progress()));
        }
        m.putAll(finishedProgress);
        return m;
    }

    @Override
    public List<MetricSample> callMetrics() {
        return callMetrics.samples();
    }

    /** Where the turn tracker hands each closed turn. */
    MetricWindows metricWindows() {
        return metricWindows;
    }

    @Override
    public List<MetricWindow> metricWindows(MetricWindowQuery query) {
        return metricWindows.windows(query);
    }

    @Override
    public List<AgentWindow> agentWindows(MetricWindowQuery query) {
        return metricWindows.agentWindows(query);
    }

    @Override
    public List<MetricSample> windowMetrics() {
        return metricWindows.samples(running());
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(counters.snapshot());
        List<NetstackCounters> all = new ArrayList<>();
        all.add(dispatchCounters);
        int queued = 0;
        int capacity = 0;
        for (Worker w : workers) {
            all.add(w.netstack);
            queued = Math.max(queued, w.queued());
            capacity = w.capacity();
        }
        m.putAll(NetstackCounters.sum(all));
        m.put("q_worker_batches", (long) queued);
        m.put("q_worker_batches_capacity", (long) capacity);
        m.put("q_storage", (long) sink.queued());
        m.put("q_storage_capacity", (long) sink.capacity());
        m.put("q_storage_kb", sink.queuedKilobytes());
        StorageWriterStatus storage = sink.status();
        m.put("q_storage_kb_capacity", storage.capacityKilobytes());
        m.put("storage_bound", storage.bound() ? 1L : 0L);
        m.put("storage_backend_buffered_rows", storage.backendBufferedRows());
        m.put("storage_backend_buffered_bytes", storage.backendBufferedBytes());
        m.put("decoders", (long) decoders.size());
        m.putAll(decoders.tallies());
        m.put("storage_healthy", storage.healthy() ? 1L : 0L);
        m.putAll(turns.counters());
        m.put("metric_late_calls", metricWindows.lateCalls());
        m.put("metric_late_turns", metricWindows.lateTurns());
        m.put("metric_late_active_calls", metricWindows.lateActiveCalls());
        return m;
    }

    @Override
    public StorageWriterStatus storageWriter() {
        return sink.status();
    }

    @Override
    public List<AgentTurn> activeTurns() {
        return turns.active();
    }
}
