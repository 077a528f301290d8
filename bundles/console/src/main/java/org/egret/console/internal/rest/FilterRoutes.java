package org.egret.console.internal.rest;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.egret.api.storage.CallGroup;
import org.egret.api.storage.CallGroupKey;
import org.egret.api.storage.StorageException;

/**
 * {@code GET /api/filters/wire-apis | models | server-ips | agent-kinds} ({@code {values:[string]}}, sorted) and
 * {@code /api/filters/finish-reasons} ({@code {pairs:[{wire_api, finish_reason}]}}): the values stored calls have,
 * for the console's filter menus. Unlike Heron every one takes the time range and the dimension filters, so a menu
 * offers only values that would match something.
 */
final class FilterRoutes {

    /** Values offered at most (the most used ones); a menu with more is not a menu. */
    static final int MAX_VALUES = 1000;

    private final StorageAccess storage;

    FilterRoutes(StorageAccess storage) {
        this.storage = storage;
    }

    /** The filter named by the path segment, or null when there is no such filter. */
    static CallGroupKey keyOf(String segment) {
        return switch (segment) {
            case "wire-apis" -> CallGroupKey.WIRE_API;
            case "models" -> CallGroupKey.MODEL;
            case "server-ips" -> CallGroupKey.SERVER_IP;
            case "agent-kinds" -> CallGroupKey.AGENT_KIND;
            default -> null;
        };
    }

    /**
     * The distinct values of one key. Heron's {@code include_proxy_hops} is accepted on agent-kinds but changes
     * nothing: the values come from calls, which carry no proxy role, so both legs of a proxied turn count.
     */
    ApiResponse values(CallGroupKey key, QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        if (key == CallGroupKey.AGENT_KIND) {
            q.flag("include_proxy_hops");
        }
        List<CallGroup> groups = storage.require().groupCalls(f.by(MAX_VALUES, key));
        TreeSet<String> values = new TreeSet<>();
        for (CallGroup g : groups) {
            if (g.key().get(0) != null && !g.key().get(0).isEmpty()) {
                values.add(g.key().get(0));
            }
        }
        return ApiResponse.ok(gen -> {
            gen.writeStartObject();
            JsonOutput.stringArray(gen, "values", List.copyOf(values));
            gen.writeEndObject();
        });
    }

    /** Every (wire API, raw finish reason) pair seen, sorted by wire API then reason; calls without a reason left out. */
    ApiResponse finishReasons(QueryParams q) throws ApiException, StorageException {
        GroupFilters f = GroupFilters.parse(q);
        List<List<String>> pairs = storage.require()
                .groupCalls(f.by(MAX_VALUES, CallGroupKey.WIRE_API, CallGroupKey.FINISH_REASON)).stream()
                .map(CallGroup::key).filter(k -> k.get(1) != null && !k.get(1).isEmpty())
                .sorted(Comparator.comparing((List<String> k) -> k.get(0),
                        Comparator.nullsLast(Comparator.<String>naturalOrder()))
                        .thenComparing(k -> k.get(1)))
                .toList();
        return ApiResponse.ok(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("pairs");
            for (List<String> p : pairs) {
                gen.writeStartObject();
                gen.writeStringField("wire_api", p.get(0));
                gen.writeStringField("finish_reason", p.get(1));
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }
}
