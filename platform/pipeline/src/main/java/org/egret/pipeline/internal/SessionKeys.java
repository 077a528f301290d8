package org.egret.pipeline.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpRequest;

/**
 * The session a call belongs to, strongest evidence first: a session header the agent sends (Claude Code's
 * {@code X-Claude-Code-Session-Id}, Codex's {@code session_id} and {@code x-codex-turn-metadata}, opencode's
 * {@code x-session-affinity}), then a session id in the body (the decoder's hint), then the conversation anchor,
 * which every call of one conversation shares even when the agent names no session.
 */
final class SessionKeys {
    private static final JsonFactory JSON = new JsonFactory();
    /** A header value longer than this is not an id. */
    private static final int MAX_ID = 200;

    private SessionKeys() {
    }

    static void assign(LlmCall call, HttpRequest request) {
        if (call.getSessionId() == null) {
            call.setSessionId(of(call, request));
        }
    }

    static String of(LlmCall call, HttpRequest request) {
        String id = request == null ? null : fromHeaders(request);
        if (id == null) {
            id = clean(call.getTurnFacts().sessionHint());
        }
        return id != null ? id : call.getTurnFacts().conversationAnchor();
    }

    static String fromHeaders(HttpRequest request) {
        String id = clean(request.header("x-claude-code-session-id"));
        if (id == null) {
            id = codexSession(request.header("x-codex-turn-metadata"));
        }
        if (id == null) {
            id = clean(request.header("session_id"));
        }
        if (id == null) {
            id = clean(request.header("x-session-affinity"));
        }
        return id;
    }

    /** The {@code session_id} of Codex's turn-metadata JSON header; null when absent or not JSON. */
    static String codexSession(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(header)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("session_id".equals(name) && value == JsonToken.VALUE_STRING) {
                    return clean(p.getText());
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // a header that is not JSON names no session
        }
        return null;
    }

    private static String clean(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        return s.isEmpty() || s.length() > MAX_ID ? null : s;
    }
}
