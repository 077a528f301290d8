package org.egret.decoder.anthropic.messages.internal;

import java.util.List;
import org.egret.api.http.HttpHeader;

/** Headers only Anthropic clients send: {@code anthropic-version}, or an Anthropic key ({@code sk-ant-…}). */
final class AnthropicSignals {

    private AnthropicSignals() {
    }

    static boolean present(List<HttpHeader> headers) {
        if (headers == null) {
            return false;
        }
        for (HttpHeader h : headers) {
            String name = h.name();
            String value = h.value();
            if (name == null) {
                continue;
            }
            if (name.equalsIgnoreCase("anthropic-version")) {
                return true;
            }
            if (value == null) {
                continue;
            }
            String v = value.strip();
            if (name.equalsIgnoreCase("x-api-key") && v.startsWith("sk-ant-")) {
                return true;
            }
            if (name.equalsIgnoreCase("authorization") && v.regionMatches(true, 0, "Bearer ", 0, 7)
                    && v.substring(7).strip().startsWith("sk-ant-")) {
                return true;
            }
        }
        return false;
    }
}
