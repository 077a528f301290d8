package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.egret.api.storage.CallGroup;

/** The sums of a call group as the aggregate routes write them. */
final class CallGroupJson {

    private CallGroupJson() {
    }

    /** Heron's counts and token sums, the error classes, cost. */
    static void writeCounts(JsonGenerator g, CallGroup c) throws IOException {
        g.writeNumberField("call_count", c.callCount());
        g.writeNumberField("error_count", c.errorCount());
        g.writeNumberField("error_4xx_count", c.error4xxCount());
        g.writeNumberField("error_429_count", c.error429Count());
        g.writeNumberField("error_5xx_count", c.error5xxCount());
        g.writeNumberField("stream_count", c.streamCount());
        g.writeNumberField("total_input_tokens", c.inputTokens());
        g.writeNumberField("total_output_tokens", c.outputTokens());
        g.writeNumberField("total_cost_usd", c.costUsd());
    }

    /** Mean and 95th percentile of TTFT and E2E in ms, null where no call had one; names end in {@code suffix}. */
    static void writeLatencies(JsonGenerator g, CallGroup c, String suffix) throws IOException {
        JsonOutput.numberOrNull(g, "ttft_avg" + suffix, c.ttftAvgMs());
        JsonOutput.numberOrNull(g, "ttft_p95" + suffix, c.ttftP95Ms());
        JsonOutput.numberOrNull(g, "e2e_avg" + suffix, c.e2eAvgMs());
        JsonOutput.numberOrNull(g, "e2e_p95" + suffix, c.e2eP95Ms());
    }

    /** A port (decimal text in a group key) as a number; null when the calls had none. */
    static void writePort(JsonGenerator g, String name, String port) throws IOException {
        if (port == null) {
            g.writeNullField(name);
        } else {
            try {
                g.writeNumberField(name, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                g.writeNullField(name);
            }
        }
    }

    static Integer port(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
