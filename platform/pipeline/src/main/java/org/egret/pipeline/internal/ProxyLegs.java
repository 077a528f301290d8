package org.egret.pipeline.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.egret.api.decode.ModelNames;
import org.egret.api.turn.AgentTurn;

/**
 * Links the two legs of a turn that passed through a proxy (client → LiteLLM → backend, both legs captured): the
 * same user input, the same number of calls and the same output tokens, starting within a short gap, where the
 * server of one leg is the client of the other and the two go to different hosts. The leg the proxy serves is the
 * client's ({@code proxy_in}); the one it sends is the upstream leg ({@code proxy_out}), stored but left out of turn counts by default. Wire
 * API, finish reason and model are not compared: a proxy translates them, and a model that differs between the
 * legs is a substitution the user should see on both.
 */
final class ProxyLegs {
    static final String PROXY_IN = "proxy_in";
    static final String PROXY_OUT = "proxy_out";
    private static final int MAX_RECENT = 10_000;

    private record Link(String role, String peer, boolean substituted) {
    }

    /** Where a leg was seen: the proxy is the server of the client's leg and the client of the upstream leg. */
    record View(String clientIp, String serverIp, String host) {
        boolean feeds(View upstream) {
            return serverIp != null && serverIp.equals(upstream.clientIp) && !Objects.equals(host, upstream.host);
        }
    }

    private final long maxStartGapMicros;
    private final Deque<AgentTurn> recent = new ArrayDeque<>();
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, View> views = new HashMap<>();
    private long paired;

    ProxyLegs(long maxStartGapMicros) {
        this.maxStartGapMicros = maxStartGapMicros;
    }

    /**
     * Applies a known link to a closed turn, or looks for its other leg among recent turns. Returns the other leg
     * when this call linked it (it must be written again with its new role), else null.
     */
    AgentTurn link(AgentTurn t, View view) {
        views.put(t.getTurnId(), view);
        Link known = links.get(t.getTurnId());
        if (known != null) {
            apply(t, known);
            replace(t);
            return null;
        }
        AgentTurn peer = findPeer(t);
        remember(t);
        if (peer == null) {
            return null;
        }
        View pv = views.get(peer.getTurnId());
        boolean tOuter = view.feeds(pv) && !pv.feeds(view) ? true
                : pv.feeds(view) && !view.feeds(pv) ? false
                : t.getStartTime() <= peer.getStartTime();
        boolean substituted = !canonical(t.getModels()).equals(canonical(peer.getModels()))
                || t.isModelSubstituted() || peer.isModelSubstituted();
        Link mine = new Link(tOuter ? PROXY_IN : PROXY_OUT, peer.getTurnId(), substituted);
        Link theirs = new Link(tOuter ? PROXY_OUT : PROXY_IN, t.getTurnId(), substituted);
        links.put(t.getTurnId(), mine);
        links.put(peer.getTurnId(), theirs);
        apply(t, mine);
        apply(peer, theirs);
        paired++;
        return peer;
    }

    long paired() {
        return paired;
    }

    /** Forgets turns that ended before {@code horizon}: their other leg would have been seen by now. */
    void expire(long horizonMicros) {
        for (Iterator<AgentTurn> it = recent.iterator(); it.hasNext();) {
            AgentTurn t = it.next();
            if (t.getEndTime() < horizonMicros) {
                it.remove();
                forget(t);
            }
        }
    }

    private AgentTurn findPeer(AgentTurn t) {
        if (t.getUserInput() == null || t.getUserInput().isBlank()) {
            return null;
        }
        for (AgentTurn o : recent) {
            if (!o.getTurnId().equals(t.getTurnId()) && !links.containsKey(o.getTurnId())
                    && Objects.equals(o.getSourceId(), t.getSourceId())
                    && o.getCallCount() == t.getCallCount() && o.getOutputTokens() == t.getOutputTokens()
                    && o.getUserInput() != null && o.getUserInput().strip().equals(t.getUserInput().strip())
                    && legs(o, t)
                    && Math.abs(o.getStartTime() - t.getStartTime()) <= maxStartGapMicros) {
                return o;
            }
        }
        return null;
    }

    private boolean legs(AgentTurn a, AgentTurn b) {
        View va = views.get(a.getTurnId());
        View vb = views.get(b.getTurnId());
        return va != null && vb != null && (va.feeds(vb) || vb.feeds(va));
    }

    private void forget(AgentTurn t) {
        links.remove(t.getTurnId());
        views.remove(t.getTurnId());
    }

    private void remember(AgentTurn t) {
        replace(t);
        while (recent.size() > MAX_RECENT) {
            forget(recent.removeFirst());
        }
    }

    /** Keeps the latest version of a turn written again (a late call joined it). */
    private void replace(AgentTurn t) {
        recent.removeIf(o -> o.getTurnId().equals(t.getTurnId()));
        recent.addLast(t);
    }

    private static void apply(AgentTurn t, Link l) {
        t.setProxyRole(l.role()).setProxyPeerTurnId(l.peer());
        if (l.substituted()) {
            t.setModelSubstituted(true);
        }
    }

    private static Set<String> canonical(List<String> models) {
        return models.stream().map(ModelNames::canonical).collect(Collectors.toSet());
    }

    /** Turns still remembered, for tests. */
    List<AgentTurn> recent() {
        return new ArrayList<>(recent);
    }
}
