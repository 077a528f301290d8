package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The session a Claude Code {@code metadata.user_id} names. Claude Code 2.1 sends a JSON string
 * ({@code {"device_id":…,"account_uuid":…,"session_id":…}}), older versions
 * {@code user_<hash>_account_<uuid>_session_<uuid>}.
 */
final class ClaudeCodeUserId {

    private static final String SESSION_MARK = "_session_";

    private ClaudeCodeUserId() {
    }

    /** The session id, or null when {@code userId} names none (an app's own user id). */
    static String sessionId(String userId) {
        if (userId == null || userId.isBlank()) {
            return null;
        }
        String v = userId.strip();
        if (v.charAt(0) == '{') {
            try {
                JsonNode session = AnthropicJson.MAPPER.readTree(v).get("session_id");
                return session != null && session.isTextual() && !session.textValue().isBlank()
                        ? session.textValue() : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        int mark = v.lastIndexOf(SESSION_MARK);
        if (!v.startsWith("user_") || mark < 0 || mark + SESSION_MARK.length() == v.length()) {
            return null;
        }
        return v.substring(mark + SESSION_MARK.length());
    }
}
