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

    /** {@code own}: the turn's substitution flag before the link, restored when the link is undone */
    private record Link(String role, String peer, boolean substituted, boolean own) {
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
    /** turns seen in an ambiguous match: never linked */
    private final java.util.Set<String> tainted = new java.util.HashSet<>();
    private long paired;
    private long ambiguous;

    ProxyLegs(long maxStartGapMicros) {
        this.maxStartGapMicros = maxStartGapMicros;
    }

    /**
     * Applies a known link to a closed turn, or looks for its other leg among recent turns. Returns the turns that
     * must be written again: the other leg it linked, or the legs of a link it proved ambiguous and undid.
     */
    List<AgentTurn> link(AgentTurn t, View view) {
        views.put(t.getTurnId(), view);
        Link known = links.get(t.getTurnId());
        if (known != null) {
            apply(t, known);
            replace(t);
            return List.of();
        }
        List<AgentTurn> candidates = candidates(t);
        remember(t);
        if (candidates.isEmpty()) {
            return List.of();
        }
        if (candidates.size() > 1 || tainted.contains(t.getTurnId())
                || links.containsKey(candidates.get(0).getTurnId())) {
            // the same prompt run more than once at a time: no link can be trusted, and one made before is undone
            ambiguous++;
            tainted.add(t.getTurnId());
            List<AgentTurn> undone = new ArrayList<>();
            for (AgentTurn c : candidates) {
                tainted.add(c.getTurnId());
                Link l = links.remove(c.getTurnId());
                if (l != null) {
                    undo(c, l);
                    undone.add(c);
                    AgentTurn other = byId(l.peer());
                    Link ol = links.remove(l.peer());
                    if (other != null && ol != null) {
                        tainted.add(other.getTurnId());
                        undo(other, ol);
                        undone.add(other);
                    }
                    paired--;
                }
            }
            return undone;
        }
        AgentTurn peer = candidates.get(0);
        if (tainted.contains(peer.getTurnId())) {
            return List.of();
        }
        View pv = views.get(peer.getTurnId());
        boolean tOuter = view.feeds(pv) && !pv.feeds(view) ? true
                : pv.feeds(view) && !view.feeds(pv) ? false
                : t.getStartTime() <= peer.getStartTime();
        boolean substituted = !canonical(t.getModels()).equals(canonical(peer.getModels()))
                || t.isModelSubstituted() || peer.isModelSubstituted();
        Link mine = new Link(tOuter ? PROXY_IN : PROXY_OUT, peer.getTurnId(), substituted, t.isModelSubstituted());
        Link theirs = new Link(tOuter ? PROXY_OUT : PROXY_IN, t.getTurnId(), substituted,
                peer.isModelSubstituted());
        links.put(t.getTurnId(), mine);
        links.put(peer.getTurnId(), theirs);
        apply(t, mine);
        apply(peer, theirs);
        paired++;
        return List.of(peer);
    }

    long paired() {
        return paired;
    }

    long ambiguous() {
        return ambiguous;
    }

    /**
     * Forgets turns that ended before their source's {@code horizon}: their other leg would have been seen by now.
     */
    void expire(java.util.function.ToLongFunction<String> horizonMicros) {
        for (Iterator<AgentTurn> it = recent.iterator(); it.hasNext();) {
            AgentTurn t = it.next();
            if (t.getEndTime() < horizonMicros.applyAsLong(t.getSourceId())) {
                it.remove();
                forget(t);
            }
        }
    }

    /** Recent turns that could be this turn's other leg, linked or not. */
    private List<AgentTurn> candidates(AgentTurn t) {
        if (t.getUserInput() == null || t.getUserInput().isBlank()) {
            return List.of();
        }
        List<AgentTurn> found = new ArrayList<>(1);
        for (AgentTurn o : recent) {
            if (!o.getTurnId().equals(t.getTurnId()) && Objects.equals(o.getSourceId(), t.getSourceId())
                    && o.getCallCount() == t.getCallCount() && o.getOutputTokens() == t.getOutputTokens()
                    && o.getUserInput() != null && o.getUserInput().strip().equals(t.getUserInput().strip())
                    && legs(o, t)
                    && Math.abs(o.getStartTime() - t.getStartTime()) <= maxStartGapMicros) {
                found.add(o);
            }
        }
        return found;
    }

    private AgentTurn byId(String id) {
        for (AgentTurn o : recent) {
            if (o.getTurnId().equals(id)) {
                return o;
            }
        }
        return null;
    }

    private static void undo(AgentTurn t, Link l) {
        t.setProxyRole(null).setProxyPeerTurnId(null).setModelSubstituted(l.own());
    }

    private boolean legs(AgentTurn a, AgentTurn b) {
        View va = views.get(a.getTurnId());
        View vb = views.get(b.getTurnId());
        return va != null && vb != null && (va.feeds(vb) || vb.feeds(va));
    }

    private void forget(AgentTurn t) {
        links.remove(t.getTurnId());
        views.remove(t.getTurnId());
        tainted.remove(t.getTurnId());
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
}
