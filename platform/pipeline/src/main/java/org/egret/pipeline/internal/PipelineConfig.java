package org.egret.pipeline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Egret pipeline",
        description = "One capture pipeline: its sources, worker threads, decoders and storage. One factory "
                + "configuration (egret.pipeline~<name>) is one running pipeline.")
@interface PipelineConfig {
    // a single '_' in a method name becomes '.' in the property name, "__" becomes '_': properties are snake_case
    // like Heron's, except storage.backend and storage.target (the storage reference's target filter)

    @AttributeDefinition(name = "Name", description = "Pipeline name shown in health and stored with every call; "
            + "empty = the configuration's name after '~'.")
    String name() default "";

    @AttributeDefinition(name = "Sources", description = "Sources as type:location, e.g. pcap-file:/data/a.pcap. "
            + "Options follow the location after '?', e.g. pcap-file:/data/a.pcap?rate_pps=1000")
    String[] sources();

    @AttributeDefinition(name = "Worker threads", description = "Threads doing TCP reassembly, HTTP parsing and "
            + "decoding; 0 = one per core but one, at least 1.")
    int workers() default 0;

    @AttributeDefinition(name = "Worker queue (batches)", description = "Frame batches queued per worker.")
    int worker__queue__batches() default 32;

    @AttributeDefinition(name = "Batch size (bytes)", description = "Frame bytes per batch handed to a worker.")
    int batch__bytes() default 262_144;

    @AttributeDefinition(name = "Storage backend", description = "Type of the storage backend the pipeline writes "
            + "to: duckdb or clickhouse (the egret.storage.type of its service). The backend may come and go while "
            + "the pipeline runs: rows wait in the storage queue meanwhile.")
    String storage_backend() default "duckdb";

    @AttributeDefinition(name = "Storage filter", description = "Filter the storage backend service must match "
            + "too. Set without storage.backend, it alone chooses (the way before storage.backend existed).")
    String storage_target() default PipelineComponent.ANY_STORAGE;

    @AttributeDefinition(name = "Storage queue", description = "Exchanges queued for the storage writer.")
    int storage__queue() default 16_384;

    @AttributeDefinition(name = "Storage queue (MB)", description = "Memory the storage queue may hold; when full, "
            + "workers wait (file replay) and back-pressure reaches the source, or a live source's records are "
            + "dropped and counted (see drop_when_full).")
    int storage__queue__mb() default 128;

    @AttributeDefinition(name = "Storage batch", description = "Rows per storage write.")
    int storage__batch() default 5_000;

    @AttributeDefinition(name = "Storage flush interval (ms)")
    int storage__flush__ms() default 200;

    @AttributeDefinition(name = "Health sample period (s)", description = "Wall-clock period at which the "
            + "pipeline's health counters are stored (by a backend that stores metrics), plus one when it ends.")
    int health__sample__secs() default 10;

    @AttributeDefinition(name = "Stored body cap (bytes)", description = "Bodies longer than this are stored as "
            + "head + tail with a marker, and the call records how many bytes were dropped.")
    int stored__body__cap() default 1_048_576;

    @AttributeDefinition(name = "Parsed body cap (bytes)", description = "Memory cap per HTTP body while parsing.")
    int parsed__body__cap() default 16_777_216;

    @AttributeDefinition(name = "Flow idle timeout (s)", description = "Event-time idle timeout of a TCP flow.")
    int flow__idle__timeout__secs() default 120;

    @AttributeDefinition(name = "Redacted headers", description = "Header names whose values are replaced by a "
            + "fingerprint before anything is stored.")
    String[] redact__headers() default {"authorization", "proxy-authorization", "x-api-key", "api-key",
        "x-goog-api-key", "cookie", "set-cookie"};

    @AttributeDefinition(name = "Redacted query parameters", description = "Query parameters whose values are "
            + "replaced by a fingerprint in stored URIs.")
    String[] redact__query__params() default {"key", "api_key", "api-key", "access_token", "token"};

    @AttributeDefinition(name = "Drop when full", description = "Live capture: count and drop frames when a worker "
            + "cannot keep up, and records when the storage cannot, instead of blocking the source. Files always "
            + "block.")
    boolean drop__when__full() default true;

    @AttributeDefinition(name = "Turn idle timeout (s)", description = "Event time after a turn's last call at "
            + "which a turn that got no answer closes as incomplete.")
    int turn__idle__timeout__secs() default 600;

    @AttributeDefinition(name = "Turn late window (s)", description = "Event time after a turn closed during which "
            + "a late or out-of-order call still joins it (the turn is written again).")
    int turn__late__window__secs() default 60;

    @AttributeDefinition(name = "Proxy leg gap (ms)", description = "Greatest gap between the starts of the two "
            + "legs of one turn seen on both sides of a proxy.")
    int turn__proxy__gap__ms() default 2_000;

    @AttributeDefinition(name = "Plan-loop repeats", description = "Identical tool calls with identical results "
            + "in one turn that make a plan loop.")
    int turn__plan__loop__repeats() default 3;

    @AttributeDefinition(name = "Open sessions", description = "Sessions the turn tracker keeps; beyond, the "
            + "least recently active one is closed and forgotten.")
    int turn__max__sessions() default 100_000;
}
