package org.egret.console.internal.rest;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an API path (below {@code /api}) and its query to a response. Errors become envelopes here: the cause of an
 * internal error is logged once and never sent to the client.
 */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private final StorageAccess access;
    private final HealthRoute health;
    private final SpanRoutes spans;
    private final TraceRoutes traces;
    private final SessionRoutes sessions;
    private final ExchangeRoutes exchanges;
    private final MetricRoutes metrics;
    private final FilterRoutes filters;
    private final ServiceRoutes services;
    private final ServiceTopology topology;
    private final ModelMetricRoutes modelMetrics;
    private final FinishReasonSeries finishReasons;
    private final ActivityRoute activity;
    private final TranscriptRoute transcripts;
    private final ExportRoutes exports;
    private final InternalMetricsRoutes internalMetrics;
    private final SettingsRoutes settings;
    private final RuntimeConfigRoute runtimeConfig;

    public ApiRouter(Supplier<StorageBackend> storage, Supplier<List<PipelineStatus>> pipelines, RuntimeInfo runtime,
            Clock clock) {
        this(storage, pipelines, runtime, clock, new TranscriptReaders(), ConsoleSettings.NONE);
    }

    public ApiRouter(Supplier<StorageBackend> storage, Supplier<List<PipelineStatus>> pipelines, RuntimeInfo runtime,
            Clock clock, TranscriptReaders readers) {
        this(storage, pipelines, runtime, clock, readers, ConsoleSettings.NONE);
    }

    public ApiRouter(Supplier<StorageBackend> storage, Supplier<List<PipelineStatus>> pipelines, RuntimeInfo runtime,
            Clock clock, ConsoleSettings consoleSettings) {
        this(storage, pipelines, runtime, clock, new TranscriptReaders(), consoleSettings);
    }

    /** @param readers the transcript readers bound now (the servlet keeps the set up to date) */
    public ApiRouter(Supplier<StorageBackend> storage, Supplier<List<PipelineStatus>> pipelines, RuntimeInfo runtime,
            Clock clock, TranscriptReaders readers, ConsoleSettings consoleSettings) {
        StorageAccess access = new StorageAccess(storage);
        this.access = access;
        this.transcripts = new TranscriptRoute(access, readers);
        this.exports = new ExportRoutes(access, new TurnListing(pipelines), readers);
        this.internalMetrics = new InternalMetricsRoutes(pipelines, access, clock);
        this.settings = new SettingsRoutes(access, consoleSettings);
        this.runtimeConfig = new RuntimeConfigRoute(consoleSettings, runtime);
        this.health = new HealthRoute(access, pipelines, runtime, clock);
        this.spans = new SpanRoutes(access);
        TurnListing turns = new TurnListing(pipelines);
        this.traces = new TraceRoutes(access, turns);
        this.sessions = new SessionRoutes(access, turns);
        this.exchanges = new ExchangeRoutes(access);
        this.metrics = new MetricRoutes(access, pipelines);
        this.filters = new FilterRoutes(access);
        this.services = new ServiceRoutes(access);
        this.topology = new ServiceTopology(access);
        this.modelMetrics = new ModelMetricRoutes(access, pipelines);
        this.finishReasons = new FinishReasonSeries(access);
        this.activity = new ActivityRoute(access);
    }

    /**
     * Any method: a route that takes writes answers them, every other route reads only (405 with {@code Allow}).
     */
    public ApiResponse handle(ApiRequest request) {
        String[] seg = segments(request.path());
        String allow = writableAllow(seg);
        if (allow == null) {
            if (request.isRead()) {
                return handle(request.path(), request.query());
            }
            return methodNotAllowed("GET, HEAD");
        }
        if (!List.of(allow.split(", ")).contains(request.method())) {
            return methodNotAllowed(allow);
        }
        if (request.isRead()) {
            return handle(request.path(), request.query());
        }
        try {
            return dispatchWrite(seg, request);
        } catch (ApiException e) {
            return e.toResponse();
        } catch (RuntimeException e) {
            LOG.error("{} /api{} failed", request.method(), printable(request.path()), e);
            return ApiResponse.error(500, ApiException.INTERNAL, "internal server error");
        }
    }

    /** The methods of a route that takes writes, or null for a read-only route. */
    private static String writableAllow(String[] seg) {
        if (seg.length == 2 && seg[0].equals("settings") && seg[1].equals("prices")) {
            return "GET, HEAD, PUT";
        }
        return null;
    }

    private ApiResponse dispatchWrite(String[] seg, ApiRequest request) throws ApiException {
        if (seg[0].equals("settings") && request.method().equals("PUT")) {
            return settings.putPrices(request);
        }
        throw notFound();
    }

    private static ApiResponse methodNotAllowed(String allow) {
        return ApiResponse.error(405, ApiException.INVALID_PARAMETER, "method not allowed: this route answers "
                + allow).withHeader("Allow", allow);
    }

    /**
     * @param path     the path below {@code /api}, e.g. {@code /spans/123} (null or empty for {@code /api} itself)
     * @param rawQuery the raw query string, or null
     */
    public ApiResponse handle(String path, String rawQuery) {
        String[] seg = segments(path);
        String successor = successorOf(seg);
        ApiResponse response;
        try {
            response = dispatch(seg, rawQuery);
        } catch (ApiException e) {
            response = e.toResponse();
        } catch (StorageException e) {
            if (access.unreachable(e)) {
                LOG.warn("GET /api{}: storage unavailable: {}", printable(path), e.getMessage());
                response = ApiException.storageUnavailable().toResponse();
            } else {
                LOG.error("GET /api{} failed", printable(path), e);
                response = ApiResponse.error(500, ApiException.INTERNAL, "internal server error");
            }
        } catch (RuntimeException e) {
            LOG.error("GET /api{} failed", printable(path), e);
            response = ApiResponse.error(500, ApiException.INTERNAL, "internal server error");
        }
        if (successor != null) {
            response = response.withHeader("Deprecation", "true")
                    .withHeader("Link", "<" + successor + ">; rel=\"successor-version\"");
        }
        return response;
    }

    private ApiResponse dispatch(String[] seg, String rawQuery) throws ApiException, StorageException {
        if (seg.length == 0) {
            throw notFound();
        }
        switch (seg[0]) {
            case "health" -> {
                if (seg.length == 1) {
                    return health.handle();
                }
            }
            case "spans", "llm-calls" -> {
                if (seg.length == 1) {
                    return spans.list(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2) {
                    return spans.detail(seg[1]);
                }
                if (seg.length == 3 && seg[2].equals("transcript")) {
                    return transcripts.transcript(seg[1]);
                }
            }
            case "export" -> {
                if (seg.length == 2) {
                    switch (seg[1]) {
                        case "trajectory" -> {
                            return exports.trajectory(QueryParams.parse(rawQuery));
                        }
                        case "trajectories" -> {
                            return exports.trajectories(QueryParams.parse(rawQuery));
                        }
                        case "calls" -> {
                            return exports.calls(QueryParams.parse(rawQuery));
                        }
                        default -> {
                            // falls through to not found
                        }
                    }
                }
            }
            case "metrics" -> {
                if (seg.length == 2) {
                    switch (seg[1]) {
                        case "timeseries" -> {
                            return metrics.timeseries(QueryParams.parse(rawQuery));
                        }
                        case "summary" -> {
                            return metrics.summary(QueryParams.parse(rawQuery));
                        }
                        case "agents" -> {
                            return metrics.agents(QueryParams.parse(rawQuery));
                        }
                        case "models" -> {
                            return modelMetrics.models(QueryParams.parse(rawQuery));
                        }
                        case "finish-reasons" -> {
                            return finishReasons.series(QueryParams.parse(rawQuery));
                        }
                        default -> {
                            // falls through to not found
                        }
                    }
                }
            }
            case "traces", "agent-turns" -> {
                if (seg.length == 2 && seg[0].equals("traces") && seg[1].equals("activity")) {
                    return activity.activity(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2 && seg[0].equals("traces") && seg[1].equals("summary")) {
                    // Heron's agent-layer summary, read from the metric windows
                    return metrics.agents(QueryParams.parse(rawQuery));
                }
                if (seg.length == 1) {
                    return traces.list(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2) {
                    return traces.detail(seg[1]);
                }
                String spansName = seg[0].equals("traces") ? "spans" : "calls";
                if (seg.length == 3 && seg[2].equals(spansName)) {
                    return traces.spans(seg[1], QueryParams.parse(rawQuery));
                }
            }
            case "agent-sessions" -> {
                if (seg.length == 1) {
                    return sessions.list(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2) {
                    return sessions.detail(seg[1]);
                }
                if (seg.length == 3 && seg[2].equals("traces")) {
                    return sessions.traces(seg[1], QueryParams.parse(rawQuery));
                }
            }
            case "http-exchanges" -> {
                if (seg.length == 1) {
                    return exchanges.list(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2) {
                    return exchanges.detail(seg[1]);
                }
            }
            case "services" -> {
                if (seg.length == 1) {
                    return services.services(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2 && seg[1].equals("models")) {
                    return services.models(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2 && seg[1].equals("topology")) {
                    return topology.topology(QueryParams.parse(rawQuery));
                }
            }
            case "filters" -> {
                if (seg.length == 2 && seg[1].equals("finish-reasons")) {
                    return filters.finishReasons(QueryParams.parse(rawQuery));
                }
                if (seg.length == 2 && FilterRoutes.keyOf(seg[1]) != null) {
                    return filters.values(FilterRoutes.keyOf(seg[1]), QueryParams.parse(rawQuery));
                }
            }
            case "internal-metrics" -> {
                if (seg.length == 1) {
                    return internalMetrics.current();
                }
                if (seg.length == 2 && seg[1].equals("series")) {
                    return internalMetrics.series(QueryParams.parse(rawQuery));
                }
            }
            case "settings" -> {
                if (seg.length == 1) {
                    return settings.settings();
                }
                if (seg.length == 2 && seg[1].equals("prices")) {
                    return settings.prices();
                }
            }
            case "runtime-config" -> {
                if (seg.length == 1) {
                    return runtimeConfig.handle();
                }
            }
            default -> {
                // falls through to not found
            }
        }
        throw notFound();
    }

    private static ApiException notFound() {
        return ApiException.notFound("not found: no such API route");
    }

    /** The request path as it may appear in a log line: no control characters, bounded length. */
    static String printable(String path) {
        return path == null ? "" : QueryParams.clip(path.replaceAll("\\p{Cntrl}", "?"));
    }

    /** The replacement of a deprecated alias route, or null. */
    private static String successorOf(String[] seg) {
        if (seg.length == 0) {
            return null;
        }
        return switch (seg[0]) {
            case "llm-calls" -> "/api/spans";
            case "agent-turns" -> "/api/traces";
            default -> null;
        };
    }

    /** Path segments; one trailing slash is tolerated, an empty segment inside the path is not a route. */
    static String[] segments(String path) {
        if (path == null) {
            return new String[0];
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return new String[0];
        }
        String[] seg = p.split("/", -1);
        for (String s : seg) {
            if (s.isEmpty()) {
                return new String[] {""};
            }
        }
        return seg;
    }
}
