package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.Page;
import org.egret.api.storage.SortOrder;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.storage.TurnQuery;
import org.egret.api.turn.AgentTurn;
import org.egret.console.internal.rest.ServiceRoutes.Endpoint;
import org.egret.console.internal.rest.ServiceRoutes.Service;

/**
 * {@code GET /api/services/topology}: who calls which endpoint, as Heron's directed graph. Nodes are the server
 * endpoints and one synthetic node for every plain client ({@code __clients__}, port 0, app {@code clients}).
 * An edge's kind says how sure the link is:
 * <ul>
 * <li>{@code proxy}: the turn tracker paired the upstream leg of a turn ({@code proxy_out}) with the leg the proxy
 * received ({@code proxy_in}); the edge runs from the endpoint the client called to the endpoint the proxy called;
 * <li>{@code inferred}: the calling address is itself the address of an observed endpoint (and not the called
 * one), so that service is taken to be the caller;
 * <li>{@code client}: anything else, from {@code __clients__}.
 * </ul>
 * Call counts come from the calls grouped by client and server address; turn counts from the stored turns (the
 * newest {@link #MAX_TURNS} of the range at most; {@code turns_truncated} says when there were more). A turn keeps
 * no port: it is counted on the port its client calls on that server; when the client calls several ports there
 * (a proxy and its backend on one host), the port of the turn's first call is read, for {@link #MAX_PORT_LOOKUPS}
 * turns at most, the port it called most for the rest. The calls of paired upstream legs move from the edge their
 * address suggests to the proxy edge.
 */
final class ServiceTopology {

    static final String CLIENTS = "__clients__";
    static final int MAX_TURNS = 10_000;
    private static final int TURN_PAGE = 1_000;
    /** Paired legs whose partner fell outside the scanned turns, looked up one by one at most. */
    private static final int MAX_PEER_LOOKUPS = 100;
    /** Turns whose port is read from their first call, at most. */
    static final int MAX_PORT_LOOKUPS = 200;
    private static final Endpoint CLIENTS_NODE = new Endpoint(CLIENTS, "0");

    private static final class Edge {
        final Endpoint from;
        final Endpoint to;
        String kind;
        long calls;
        long turns;

        Edge(Endpoint from, Endpoint to, String kind) {
            this.from = from;
            this.to = to;
            this.kind = kind;
        }
    }

    private record EdgeKey(Endpoint from, Endpoint to) {
    }

    /** The caller an address stands for, and how sure that is. */
    private record Caller(Endpoint endpoint, String kind) {
    }

    private final StorageAccess storage;

    ServiceTopology(StorageAccess storage) {
        this.storage = storage;
    }

    ApiResponse topology(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        StorageBackend s = storage.require();
        List<Service> services = ServiceRoutes.read(s, f, "call_count", SortOrder.DESC, ServiceRoutes.MAX_GROUPS);
        Map<Endpoint, Service> nodes = new LinkedHashMap<>();
        Map<String, Endpoint> busiestAt = new HashMap<>();
        for (Service svc : services) {
            nodes.put(svc.endpoint(), svc);
            busiestAt.putIfAbsent(svc.endpoint().ip(), svc.endpoint());
        }
        List<CallGroup> links = s.groupCalls(f.by(ServiceRoutes.MAX_GROUPS, CallGroupKey.CLIENT_IP,
                CallGroupKey.SERVER_IP, CallGroupKey.SERVER_PORT));
        // client address → server address → the port it called most (groups come largest first)
        Map<String, Map<String, String>> mostCalledPort = new HashMap<>();
        Map<List<String>, Integer> portsPerPair = new HashMap<>();
        Map<EdgeKey, Edge> edges = new LinkedHashMap<>();
        for (CallGroup g : links) {
            String client = g.key().get(0);
            Endpoint to = new Endpoint(g.key().get(1), g.key().get(2));
            mostCalledPort.computeIfAbsent(Objects.toString(client, ""), k -> new HashMap<>())
                    .putIfAbsent(Objects.toString(to.ip(), ""), to.port());
            portsPerPair.merge(java.util.Arrays.asList(client, to.ip()), 1, Integer::sum);
            Caller from = caller(client, to.ip(), busiestAt);
            edge(edges, from.endpoint(), to, from.kind()).calls += g.callCount();
        }

        List<AgentTurn> turns = new ArrayList<>();
        boolean truncated = scanTurns(s, f, turns);
        Map<String, AgentTurn> byId = new HashMap<>();
        for (AgentTurn t : turns) {
            byId.put(t.getTurnId(), t);
        }
        int lookups = 0;
        Ports ports = new Ports(s, mostCalledPort, portsPerPair, busiestAt);
        for (AgentTurn t : turns) {
            if ("mirror_secondary".equals(t.getProxyRole()) || t.getServerIp() == null) {
                continue; // the same packets seen on a second interface: counted once, on the primary
            }
            Endpoint to = ports.endpointOf(t);
            Caller naive = caller(t.getClientIp(), t.getServerIp(), busiestAt);
            AgentTurn peer = null;
            if ("proxy_out".equals(t.getProxyRole()) && t.getProxyPeerTurnId() != null) {
                peer = byId.get(t.getProxyPeerTurnId());
                if (peer == null && lookups < MAX_PEER_LOOKUPS) {
                    lookups++;
                    Optional<AgentTurn> found = s.findTurn(t.getProxyPeerTurnId());
                    peer = found.orElse(null);
                    if (peer != null) {
                        byId.put(peer.getTurnId(), peer);
                    }
                }
            }
            if (peer == null || peer.getServerIp() == null) {
                edge(edges, naive.endpoint(), to, naive.kind()).turns++;
                continue;
            }
            Endpoint proxy = ports.endpointOf(peer);
            Edge e = edge(edges, proxy, to, "proxy");
            e.kind = "proxy";
            e.turns++;
            EdgeKey naiveKey = new EdgeKey(naive.endpoint(), to);
            Edge moved = edges.get(naiveKey);
            if (moved != null && moved != e) {
                long n = Math.min(moved.calls, t.getCallCount());
                moved.calls -= n;
                e.calls += n;
                if (moved.calls == 0 && moved.turns == 0) {
                    edges.remove(naiveKey);
                }
            }
        }
        List<Edge> sorted = edges.values().stream()
                .sorted(Comparator.comparingLong((Edge e) -> e.calls).reversed()
                        .thenComparing(Comparator.comparingLong((Edge e) -> e.turns).reversed())
                        .thenComparing(e -> !e.from.equals(CLIENTS_NODE))
                        .thenComparing(e -> e.from.ip() + " " + e.from.port() + " " + e.to.ip() + " " + e.to.port()))
                .toList();
        long clientCalls = sorted.stream().filter(e -> e.from.equals(CLIENTS_NODE)).mapToLong(e -> e.calls).sum();
        boolean anyClient = sorted.stream().anyMatch(e -> e.from.equals(CLIENTS_NODE));
        List<Endpoint> extra = new ArrayList<>();
        for (Edge e : sorted) {
            for (Endpoint p : List.of(e.from, e.to)) {
                if (!p.equals(CLIENTS_NODE) && !nodes.containsKey(p) && !extra.contains(p)) {
                    extra.add(p); // a proxy seen only through its paired turns in this range
                }
            }
        }
        boolean cut = truncated;
        return ApiResponse.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("nodes");
            if (anyClient) {
                writeNode(g, CLIENTS, "0", "clients", List.of(), clientCalls);
            }
            for (Service svc : nodes.values()) {
                writeNode(g, svc.endpoint().ip(), svc.endpoint().port(), svc.app(), svc.models(),
                        svc.totals().callCount());
            }
            for (Endpoint p : extra) {
                writeNode(g, p.ip(), p.port(), ServiceApps.UNKNOWN, List.of(), 0);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (Edge e : sorted) {
                g.writeStartObject();
                g.writeStringField("from_ip", e.from.ip());
                CallGroupJson.writePort(g, "from_port", e.from.port());
                g.writeStringField("to_ip", e.to.ip());
                CallGroupJson.writePort(g, "to_port", e.to.port());
                g.writeNumberField("turn_count", e.turns);
                g.writeNumberField("call_count", e.calls);
                g.writeStringField("kind", e.kind);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("turns_truncated", cut);
            g.writeEndObject();
        });
    }

    /** The newest turns of the range, upstream legs included, into {@code out}; true when there were more. */
    private static boolean scanTurns(StorageBackend s, GroupFilters f, List<AgentTurn> out) throws StorageException {
        for (int offset = 0; offset < MAX_TURNS; offset += TURN_PAGE) {
            TurnQuery tq = new TurnQuery(f.range(), f.agentKinds(), List.of(), List.of(), List.of(), f.wireApis(),
                    f.models(), List.of(), f.serverIps(), true, "start_time", SortOrder.DESC, offset,
                    Math.min(TURN_PAGE, MAX_TURNS - offset));
            Page<AgentTurn> page = s.queryTurns(tq);
            out.addAll(page.items());
            if (page.items().isEmpty() || offset + page.items().size() >= page.total()) {
                return false;
            }
        }
        return true;
    }

    private static Caller caller(String clientIp, String serverIp, Map<String, Endpoint> busiestAt) {
        Endpoint service = clientIp == null || clientIp.equals(serverIp) ? null : busiestAt.get(clientIp);
        return service == null ? new Caller(CLIENTS_NODE, "client") : new Caller(service, "inferred");
    }

    /** The endpoint a turn called: its server address and the port resolved as the class comment says. */
    private static final class Ports {
        private final StorageBackend storage;
        private final Map<String, Map<String, String>> mostCalledPort;
        private final Map<List<String>, Integer> portsPerPair;
        private final Map<String, Endpoint> busiestAt;
        private final Map<String, Endpoint> resolved = new HashMap<>();
        private int lookups;

        Ports(StorageBackend storage, Map<String, Map<String, String>> mostCalledPort,
                Map<List<String>, Integer> portsPerPair, Map<String, Endpoint> busiestAt) {
            this.storage = storage;
            this.mostCalledPort = mostCalledPort;
            this.portsPerPair = portsPerPair;
            this.busiestAt = busiestAt;
        }

        Endpoint endpointOf(AgentTurn t) throws StorageException {
            Endpoint known = resolved.get(t.getTurnId());
            if (known != null) {
                return known;
            }
            Endpoint e = null;
            boolean ambiguous = portsPerPair.getOrDefault(java.util.Arrays.asList(t.getClientIp(), t.getServerIp()),
                    0) > 1;
            if (ambiguous && t.getCallIds() != null && !t.getCallIds().isEmpty() && lookups < MAX_PORT_LOOKUPS) {
                lookups++;
                e = storage.findCall(t.getCallIds().get(0))
                        .map(c -> new Endpoint(c.getServerIp(), Integer.toString(c.getServerPort()))).orElse(null);
            }
            if (e == null) {
                String port = mostCalledPort.getOrDefault(Objects.toString(t.getClientIp(), ""), Map.of())
                        .get(Objects.toString(t.getServerIp(), ""));
                if (port == null) {
                    Endpoint busiest = busiestAt.get(t.getServerIp());
                    port = busiest == null ? null : busiest.port();
                }
                e = new Endpoint(t.getServerIp(), port);
            }
            if (t.getTurnId() != null) {
                resolved.put(t.getTurnId(), e);
            }
            return e;
        }
    }

    private static Edge edge(Map<EdgeKey, Edge> edges, Endpoint from, Endpoint to, String kind) {
        return edges.computeIfAbsent(new EdgeKey(from, to), k -> new Edge(from, to, kind));
    }

    private static void writeNode(JsonGenerator g, String ip, String port, String app, List<String> models,
            long calls) throws IOException {
        g.writeStartObject();
        g.writeStringField("server_ip", ip);
        CallGroupJson.writePort(g, "server_port", port);
        g.writeStringField("app", app);
        JsonOutput.stringArray(g, "models", models);
        g.writeNumberField("call_count", calls);
        g.writeEndObject();
    }
}
