package org.egret.decoder.openai.responses.internal;

import java.util.Locale;
import org.egret.api.http.HttpRequest;

/** Codex CLI, told by the {@code originator} it sends, or by its User-Agent. */
final class CodexClient {

    private static final String[] ORIGINATORS = {"codex_cli_rs", "codex-tui", "codex_exec"};

    private CodexClient() {
    }

    static boolean sent(HttpRequest request) {
        if (request == null) {
            return false;
        }
        String originator = request.header("originator");
        String agent = request.header("user-agent");
        for (String name : ORIGINATORS) {
            if (originator != null && originator.strip().toLowerCase(Locale.ROOT).equals(name)
                    || agent != null && agent.startsWith(name + "/")) {
                return true;
            }
        }
        return false;
    }
}
