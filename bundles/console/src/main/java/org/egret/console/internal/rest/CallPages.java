package org.egret.console.internal.rest;

import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.CallQuery;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;

/**
 * The calls of a query up to a limit, a page at a time, so an export never holds them all. Pages are read by
 * offset: a call stored meanwhile inside the range can shift a page by a row (a row twice or once missed), the
 * price of not holding a snapshot.
 */
final class CallPages {

    static final int PAGE = 1000;

    private final StorageBackend storage;
    private final CallQuery query;
    private final int limit;
    private List<LlmCall> first;
    private final long total;
    private int offset;

    /** Reads the first page now, so a storage failure is still an error envelope. */
    CallPages(StorageBackend storage, CallQuery query, int limit) throws StorageException {
        this.storage = storage;
        this.query = query;
        this.limit = limit;
        Page<LlmCall> p = storage.queryCalls(at(0, Math.min(PAGE, limit)));
        this.first = p.items();
        this.total = p.total();
        this.offset = first.size();
    }

    /** Calls the export will hold: the matching ones, at most the limit. */
    long exported() {
        return Math.min(total, limit);
    }

    long matched() {
        return total;
    }

    /** The next page; empty at the end. */
    List<LlmCall> next() throws StorageException {
        if (first != null) {
            List<LlmCall> p = first;
            first = null;
            return p;
        }
        if (offset >= limit || offset >= total) {
            return List.of();
        }
        List<LlmCall> p = storage.queryCalls(at(offset, Math.min(PAGE, limit - offset))).items();
        offset += p.size();
        return p;
    }

    private CallQuery at(int from, int count) {
        CallQuery q = query;
        return new CallQuery(q.range(), q.wireApis(), q.models(), q.serverIps(), q.clientIps(), q.serverPorts(),
                q.statusCodes(), q.finishReasons(), q.stream(), q.requestPathContains(), q.sortBy(), q.order(), from,
                count);
    }
}
