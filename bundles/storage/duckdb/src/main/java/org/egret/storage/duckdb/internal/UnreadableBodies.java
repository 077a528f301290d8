package org.egret.storage.duckdb.internal;

import org.egret.api.decode.LlmCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a body that cannot be rebuilt shows: the body is null and the row says why with a marker,
 * {@code <request|response>_body_<expired|damaged>}, in the exchange's {@code problem} or the call's
 * {@code partial_reason} (after what was there, separated by "; "). A reader of the API sees the row and knows its
 * body is gone rather than empty; the storage counts the markers it hands out.
 */
final class UnreadableBodies {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableBodies.class);

    private UnreadableBodies() {
    }

    static String marker(String body, String unreadable) {
        return body + "_body_" + unreadable;
    }

    /** Logs a damaged body (expired ones are retention doing its job); returns it as it is. */
    static BlockedBodyReader.Body logged(BlockedBodyReader.Body body) {
        if (BlockedBodyReader.DAMAGED.equals(body.unreadable())) {
            LOG.warn("a stored body cannot be rebuilt and is served as null: {}", body.detail());
        }
        return body;
    }

    /** The exchange's problem with the markers of its unreadable bodies added. */
    static String withProblem(String problem, BlockedBodyReader.Body request, BlockedBodyReader.Body response) {
        String out = problem;
        if (request != null && request.unreadable() != null) {
            out = append(out, marker("request", request.unreadable()));
        }
        if (response != null && response.unreadable() != null) {
            out = append(out, marker("response", response.unreadable()));
        }
        return out;
    }

    /** Marks the call's body {@code body} ("request" or "response") unreadable. */
    static void mark(LlmCall call, String body, String unreadable) {
        call.setPartialReason(append(call.getPartialReason(), marker(body, unreadable)));
    }

    /** How many markers a problem or partial reason holds. */
    static int count(String text) {
        if (text == null) {
            return 0;
        }
        int n = 0;
        for (String body : new String[] {"request", "response"}) {
            for (String why : new String[] {BlockedBodyReader.EXPIRED, BlockedBodyReader.DAMAGED}) {
                if (text.contains(marker(body, why))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String append(String text, String marker) {
        return text == null || text.isEmpty() ? marker : text + "; " + marker;
    }
}
