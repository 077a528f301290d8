package org.egret.pipeline.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.egret.api.decode.WireApiDecoder;
import org.egret.api.packet.PacketSourceFactory;
import org.egret.api.packet.SourceProgress;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.StorageBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline per factory configuration {@code egret.pipeline~<name>}: exists only while its configuration does.
 * Decoders, source factories and storage backends are bound dynamically (a decoder bundle installed later serves
 * the next exchange; a storage bundle stopped, updated or replaced leaves the pipeline running, its rows waiting in
 * the storage queue); the backend written to is the one whose type is the configuration's {@code storage.backend}.
 */
@Component(configurationPid = "egret.pipeline", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = PipelineConfig.class, factory = true)
public final class PipelineComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineComponent.class);

    private final DecoderRegistry decoders = new DecoderRegistry();
    private final Map<String, PacketSourceFactory> sourceFactories = new ConcurrentHashMap<>();

    /** The shared price table (static: it changes its table in place, never goes away). */
    @Reference
    private Pricing pricing;

    /** The reference's own filter; a configuration's {@code storage.target} replaces it. */
    static final String ANY_STORAGE = "(egret.storage.type=*)";

    private final StorageCandidates storage = new StorageCandidates(null);

    private Pipeline pipeline;
    private ServiceRegistration<PipelineStatus> registration;
    private ScheduledExecutorService publisher;

    @Reference(service = WireApiDecoder.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDecoder(WireApiDecoder decoder, Map<String, Object> props) {
        Bundle from = FrameworkUtil.getBundle(decoder.getClass());
        Version version = from == null ? Version.emptyVersion : from.getVersion();
        decoders.add(decoder, props, version);
        LOG.info("decoder {} {} bound", decoder.wireApi(), version);
    }

    void unbindDecoder(WireApiDecoder decoder) {
        decoders.remove(decoder);
        LOG.info("decoder {} unbound", decoder.wireApi());
    }

    @Reference(name = "storage", service = StorageBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = ANY_STORAGE)
    void bindStorage(StorageBackend backend, Map<String, Object> props) {
        storage.add(backend, props);
        LOG.info("storage backend {} bound", props.get(StorageBackend.TYPE_PROPERTY));
    }

    void updatedStorage(StorageBackend backend, Map<String, Object> props) {
        storage.add(backend, props);
    }

    void unbindStorage(StorageBackend backend, Map<String, Object> props) {
        storage.remove(backend);
        LOG.info("storage backend {} unbound", props.get(StorageBackend.TYPE_PROPERTY));
    }

    @Reference(service = PacketSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSourceFactory(PacketSourceFactory factory, Map<String, Object> props) {
        Object type = props.get(PacketSourceFactory.TYPE_PROPERTY);
        if (type != null) {
            sourceFactories.put(type.toString(), factory);
        }
    }

    void unbindSourceFactory(PacketSourceFactory factory) {
        sourceFactories.values().removeIf(f -> f == factory);
    }

    @Activate
    void activate(BundleContext context, PipelineConfig config, Map<String, Object> props) {
        String name = config.name().isBlank() ? nameFromPid(props) : config.name();
        List<SourceSpec> specs = new ArrayList<>();
        for (String s : config.sources()) {
            specs.add(SourceSpec.parse(s));
        }
        storage.want(storageType(config.storage_backend(), props));
        pipeline = new Pipeline(name, config, specs, sourceFactories::get, decoders, storage, pricing::table,
                this::publish);
        registration = context.registerService(PipelineStatus.class, pipeline, properties(pipeline));
        pipeline.start();
        publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "egret-" + name + "-status");
            t.setDaemon(true);
            return t;
        });
        // progress travels as service properties too, so a watcher (the launcher) needs no class of ours
        publisher.scheduleAtFixedRate(() -> publish(pipeline), 250, 250, TimeUnit.MILLISECONDS);
        LOG.info("pipeline {} started: {} → {} ({} workers, decoders {})", name, specs,
                storage.wantedType() == null ? props.get("storage.target") : storage.wantedType(), config.workers() > 0 ? config.workers() : "auto", decoders.names());
    }

    @Deactivate
    void deactivate() {
        pipeline.stop();
        publisher.shutdownNow();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        LOG.info("pipeline {} stopped", pipeline.name());
    }

    private synchronized void publish(Pipeline p) {
        ServiceRegistration<PipelineStatus> reg = registration;
        if (reg != null) {
            try {
                reg.setProperties(properties(p));
            } catch (IllegalStateException e) {
                // unregistered meanwhile
            }
        }
    }

    private static Hashtable<String, Object> properties(Pipeline p) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put(PipelineStatus.NAME_PROPERTY, p.name());
        h.put(PipelineStatus.STATE_PROPERTY, p.state().name());
        if (p.failure() != null) {
            h.put("egret.pipeline.failure", p.failure());
        }
        long read = 0;
        long total = 0;
        long packets = 0;
        for (SourceProgress s : p.sources().values()) {
            read += s.bytesRead();
            total = total < 0 || s.bytesTotal() < 0 ? -1 : total + s.bytesTotal();
            packets += s.packets();
        }
        Map<String, Long> c = p.counters();
        h.put("egret.progress.bytes_read", read);
        h.put("egret.progress.bytes_total", total);
        h.put("egret.progress.packets", packets);
        h.put("egret.progress.exchanges", c.getOrDefault("flushed_exchanges", 0L));
        h.put("egret.progress.calls", c.getOrDefault("flushed_calls", 0L));
        h.put("egret.progress.turns", c.getOrDefault("turns_complete", 0L) + c.getOrDefault("turns_incomplete", 0L));
        return h;
    }

    /**
     * The backend type to write to: {@code storage.backend}, unless only a {@code storage.target} filter was
     * configured (as before storage.backend existed): then whatever that filter lets through (null).
     */
    static String storageType(String backend, Map<String, Object> props) {
        Object target = props.get("storage.target");
        if (!props.containsKey("storage.backend") && target != null && !ANY_STORAGE.equals(target.toString())) {
            return null;
        }
        String type = backend.trim();
        return type.isEmpty() ? "duckdb" : type;
    }

    private static String nameFromPid(Map<String, Object> props) {
        Object pid = props.get("service.pid");
        String s = pid == null ? "default" : pid.toString();
        int tilde = s.indexOf('~');
        return tilde >= 0 ? s.substring(tilde + 1) : s;
    }
}
