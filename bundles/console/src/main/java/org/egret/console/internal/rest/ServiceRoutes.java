package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpHeader;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;

/**
 * {@code GET /api/services} (one row per server endpoint: its calls summed up, models, wire APIs, paths, serving
 * app) and {@code /api/services/models} (per endpoint and model), from {@link StorageBackend#groupCalls}; the
 * topology is {@link ServiceTopology}. Heron's field names; Egret adds the error classes and cost.
 */
final class ServiceRoutes {

    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 500;
    /** Endpoints (and endpoint × detail combinations) read at most before sorting. */
    static final int MAX_GROUPS = 10_000;
    static final int MAX_MODELS = 32;
    static final int MAX_PATHS = 8;
    /**
     * Endpoints whose {@code Server} header is looked up (one stored call each, headers included): only the first
     * ones of the answer, so a long list costs no more than a short one; the others answer null.
     */
    static final int SERVER_HEADER_PROBES = 16;

    static final CallGroupOrder SERVICE_ORDER = CallGroupOrder.sums("_ms")
            .field("stream_count", CallGroup::streamCount)
            .field("first_seen_ms", CallGroup::firstSeenMicros)
            .field("last_seen_ms", CallGroup::lastSeenMicros)
            .field("server_ip", g -> g.key().get(0))
            .field("server_port", g -> CallGroupJson.port(g.key().get(1)));
    static final CallGroupOrder MODEL_ORDER = CallGroupOrder.sums("_ms")
            .field("server_ip", g -> g.key().get(0))
            .field("server_port", g -> CallGroupJson.port(g.key().get(1)))
            .field("wire_api", g -> g.key().get(2))
            .field("model", g -> g.key().get(3));

    /** A server endpoint; the port as the group key has it (decimal text). */
    record Endpoint(String ip, String port) {
        static Endpoint of(CallGroup g) {
            return new Endpoint(g.key().get(0), g.key().get(1));
        }
    }

    /** One endpoint's row. */
    record Service(Endpoint endpoint, CallGroup totals, List<String> models, List<String> wireApis,
            List<String> requestPaths, String app) {
    }

    private final StorageAccess storage;

    ServiceRoutes(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse services(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        String by = ListParams.sortBy(q, SERVICE_ORDER.names(), "call_count");
        SortOrder order = ListParams.sortOrder(q);
        int limit = GroupFilters.limit(q, DEFAULT_LIMIT, MAX_LIMIT);
        StorageBackend s = storage.require();
        List<Service> services = limit == 0 ? List.of() : read(s, f, by, order, limit);
        Map<Endpoint, String> serverHeaders = serverHeaders(s, f, services);
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("services");
            for (Service svc : services) {
                writeService(g, svc, serverHeaders.get(svc.endpoint()));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * The endpoints of the filters, sorted and cut at {@code limit}, with their details: three grouped reads (per
     * endpoint; per endpoint, wire API and model; per endpoint, path, host and server kind).
     */
    static List<Service> read(StorageBackend s, GroupFilters f, String by, SortOrder order, int limit)
            throws StorageException {
        List<CallGroup> endpoints = SERVICE_ORDER.sort(
                s.groupCalls(f.by(MAX_GROUPS, CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT)), by, order);
        endpoints = endpoints.subList(0, Math.min(limit, endpoints.size()));
        Map<Endpoint, Set<String>> models = new HashMap<>();
        Map<Endpoint, Set<String>> wires = new HashMap<>();
        for (CallGroup g : s.groupCalls(f.by(MAX_GROUPS, CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT,
                CallGroupKey.WIRE_API, CallGroupKey.MODEL))) {
            // largest first: the lists keep the most used values
            add(models, Endpoint.of(g), g.key().get(3), MAX_MODELS);
            add(wires, Endpoint.of(g), g.key().get(2), Integer.MAX_VALUE);
        }
        Map<Endpoint, Set<String>> paths = new HashMap<>();
        Map<Endpoint, List<ServiceApps.Evidence>> evidence = new HashMap<>();
        for (CallGroup g : s.groupCalls(f.by(MAX_GROUPS, CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT,
                CallGroupKey.REQUEST_PATH, CallGroupKey.HOST, CallGroupKey.SERVER_KIND))) {
            Endpoint e = Endpoint.of(g);
            add(paths, e, g.key().get(2), MAX_PATHS);
            evidence.computeIfAbsent(e, k -> new ArrayList<>())
                    .add(new ServiceApps.Evidence(g.key().get(2), g.key().get(3), g.key().get(4), g.callCount()));
        }
        List<Service> out = new ArrayList<>(endpoints.size());
        for (CallGroup g : endpoints) {
            Endpoint e = Endpoint.of(g);
            out.add(new Service(e, g, List.copyOf(models.getOrDefault(e, Set.of())),
                    List.copyOf(wires.getOrDefault(e, Set.of())), List.copyOf(paths.getOrDefault(e, Set.of())),
                    ServiceApps.classify(evidence.getOrDefault(e, List.of()))));
        }
        return out;
    }

    private static void add(Map<Endpoint, Set<String>> m, Endpoint e, String value, int max) {
        if (value == null || value.isEmpty()) {
            return;
        }
        Set<String> set = m.computeIfAbsent(e, k -> new LinkedHashSet<>());
        if (set.size() < max) {
            set.add(value);
        }
    }

    /**
     * The {@code Server} response header of the first {@link #SERVER_HEADER_PROBES} endpoints, from the newest
     * stored call of each among the newest calls of those servers (a list read, then one call read per endpoint).
     */
    private static Map<Endpoint, String> serverHeaders(StorageBackend s, GroupFilters f, List<Service> services)
            throws StorageException {
        List<Service> probed = services.subList(0, Math.min(SERVER_HEADER_PROBES, services.size()));
        if (probed.isEmpty()) {
            return Map.of();
        }
        List<String> ips = probed.stream().map(svc -> svc.endpoint().ip()).filter(ip -> ip != null).distinct()
                .toList();
        List<Integer> ports = probed.stream().map(svc -> CallGroupJson.port(svc.endpoint().port()))
                .filter(p -> p != null).distinct().toList();
        Page<LlmCall> newest = s.queryCalls(new CallQuery(f.range(), f.wireApis(), f.models(), ips, List.of(),
                ports, List.of(), List.of(), null, null, "request_time", SortOrder.DESC, 0, ListParams.MAX_PAGE_SIZE));
        Map<Endpoint, String> callIds = new LinkedHashMap<>();
        for (LlmCall c : newest.items()) {
            callIds.putIfAbsent(new Endpoint(c.getServerIp(), Integer.toString(c.getServerPort())), c.getId());
        }
        Map<Endpoint, String> out = new HashMap<>();
        for (Service svc : probed) {
            String id = callIds.get(svc.endpoint());
            if (id == null) {
                continue;
            }
            Optional<LlmCall> call = s.findCall(id);
            if (call.isPresent() && call.get().getResponseHeaders() != null) {
                for (HttpHeader h : call.get().getResponseHeaders()) {
                    if (h.name() != null && h.name().equalsIgnoreCase("server")) {
                        out.put(svc.endpoint(), QueryParams.clip(h.value()));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static void writeService(JsonGenerator g, Service svc, String serverHeader) throws IOException {
        CallGroup c = svc.totals();
        g.writeStartObject();
        g.writeStringField("server_ip", svc.endpoint().ip());
        CallGroupJson.writePort(g, "server_port", svc.endpoint().port());
        JsonOutput.stringArray(g, "models", svc.models());
        JsonOutput.stringArray(g, "wire_apis", svc.wireApis());
        JsonOutput.stringArray(g, "request_paths", svc.requestPaths());
        CallGroupJson.writeCounts(g, c);
        CallGroupJson.writeLatencies(g, c, "_ms");
        g.writeNumberField("first_seen_ms", Math.floorDiv(c.firstSeenMicros(), 1000L));
        g.writeNumberField("last_seen_ms", Math.floorDiv(c.lastSeenMicros(), 1000L));
        g.writeStringField("app", svc.app());
        g.writeStringField("server_header", serverHeader);
        g.writeEndObject();
    }

    /** Per endpoint, wire API and model. */
    ApiResponse models(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        String by = ListParams.sortBy(q, MODEL_ORDER.names(), "call_count");
        SortOrder order = ListParams.sortOrder(q);
        int limit = GroupFilters.limit(q, DEFAULT_LIMIT, MAX_LIMIT);
        StorageBackend s = storage.require();
        List<CallGroup> rows = limit == 0 ? List.of() : MODEL_ORDER.sort(s.groupCalls(f.by(MAX_GROUPS,
                CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT, CallGroupKey.WIRE_API, CallGroupKey.MODEL)), by,
                order);
        List<CallGroup> page = rows.subList(0, Math.min(limit, rows.size()));
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (CallGroup c : page) {
                g.writeStartObject();
                g.writeStringField("server_ip", c.key().get(0));
                CallGroupJson.writePort(g, "server_port", c.key().get(1));
                g.writeStringField("wire_api", c.key().get(2));
                g.writeStringField("model", c.key().get(3));
                CallGroupJson.writeCounts(g, c);
                CallGroupJson.writeLatencies(g, c, "_ms");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
