package org.egret.api.transcript;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.egret.api.decode.LlmCall;

/**
 * One stored body of a call as a transcript reader meets it: missing, whole, or cut by the pipeline's body cap
 * (which keeps the body's head and tail around a marker naming the bytes it elided). {@link #text()} is what a
 * reader may parse: the whole body, or only the head of a capped one (the tail starts mid-value and would misparse).
 * The problem texts say what went wrong in the same words for every wire API.
 */
public final class TranscriptBody {

    /**
     * The body cap's marker, {@code "\n...[egret body cap: N bytes elided]...\n"}. Its raw newline cannot occur inside
     * a JSON string, so in a JSON body it is never content.
     */
    private static final Pattern CAP_MARKER = Pattern.compile("\n\\.\\.\\.\\[egret body cap: (\\d+) bytes elided]\\.\\.\\.\n");

    private final String which;
    private final String text;
    private final boolean capped;
    private final long elided;
    private final String missing;

    private TranscriptBody(String which, String stored, String partialReason) {
        this.which = which;
        Matcher m = stored == null ? null : CAP_MARKER.matcher(stored);
        if (m != null && m.find()) {
            text = stored.substring(0, m.start());
            capped = true;
            elided = Long.parseLong(m.group(1));
        } else {
            text = stored;
            capped = false;
            elided = 0;
        }
        if (stored != null) {
            missing = null;
        } else if (partialReason != null && partialReason.contains(which + "_body_expired")) {
            missing = which + " body has expired (retention)";
        } else if (partialReason != null && partialReason.contains(which + "_body_damaged")) {
            missing = which + " body is damaged in storage";
        } else {
            missing = which + " body was not stored";
        }
    }

    /** The call's request body. */
    public static TranscriptBody request(LlmCall call) {
        return new TranscriptBody("request", call.getRequestBody(), call.getPartialReason());
    }

    /** The call's response body (a stream's, rebuilt whole by its decoder, or the event-stream text itself). */
    public static TranscriptBody response(LlmCall call) {
        return new TranscriptBody("response", call.getResponseBody(), call.getPartialReason());
    }

    /** What may be parsed: the body, or the head of a capped one; null when there is no body. */
    public String text() {
        return text;
    }

    /** True when the body cap cut the body. */
    public boolean capped() {
        return capped;
    }

    /** Null when there is a body, else why there is none. */
    public String missing() {
        return missing;
    }

    /** The body holds no JSON value of the expected kind at its start. */
    public String notJson() {
        return capped ? cut() : which + " body is not JSON";
    }

    /**
     * Parsing stopped before the body's end.
     *
     * @param why        the parser's short reason, without body content
     * @param endOfInput the text ended inside a value (a cut body), rather than held a syntax error
     */
    public String unreadable(String why, boolean endOfInput) {
        if (capped) {
            return cut();
        }
        if (endOfInput) {
            return which + " body ends early, after " + bytes(text) + " bytes";
        }
        return which + " body is not valid JSON: " + why;
    }

    /** The body is JSON but not the wire API's shape, e.g. {@code "has no messages array"}. */
    public String unexpected(String what) {
        return which + " body " + what;
    }

    private String cut() {
        return which + " body cut at the capture limit after " + bytes(text) + " bytes (" + elided
                + " bytes elided)";
    }

    private static long bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
