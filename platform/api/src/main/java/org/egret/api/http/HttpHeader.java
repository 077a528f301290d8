package org.egret.api.http;

import java.util.List;

/** One header line, name as sent on the wire. */
public record HttpHeader(String name, String value) {

    /** The first value of the named header (case-insensitive), or null. */
    public static String first(List<HttpHeader> headers, String name) {
        for (HttpHeader h : headers) {
            if (h.name.equalsIgnoreCase(name)) {
                return h.value;
            }
        }
        return null;
    }
}
