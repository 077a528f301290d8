package org.egret.console.internal.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.egret.api.transcript.Transcript;
import org.egret.api.transcript.TranscriptMessage;
import org.egret.api.transcript.TranscriptTool;
import org.egret.api.transcript.TranscriptToolCall;

/**
 * A session's turns as one multi-turn conversation (Heron's session export is one trajectory). An agent sends the
 * whole conversation with every call, so the last turn's terminal call usually holds every earlier turn: when the
 * conversation so far is a prefix of the next turn's, the next turn's replaces it; otherwise (the agent compacted
 * or rewrote its history, or a turn between was skipped and the histories diverge) the next turn's messages are
 * appended whole. Messages compare by role, text and tool call ids; reasoning is ignored because most wire APIs do
 * not send it back. Tools are the union by name, first offer kept.
 */
final class SessionTrajectory {

    private List<TranscriptMessage> messages = List.of();
    private final Map<String, TranscriptTool> tools = new LinkedHashMap<>();
    private int merged;

    void add(Transcript next) {
        List<TranscriptMessage> m = next.messages();
        if (messages.isEmpty() || startsWith(m, messages)) {
            messages = m;
        } else {
            List<TranscriptMessage> all = new ArrayList<>(messages.size() + m.size());
            all.addAll(messages);
            all.addAll(m);
            messages = all;
        }
        for (TranscriptTool t : next.tools()) {
            tools.putIfAbsent(t.name(), t);
        }
        merged++;
    }

    List<TranscriptMessage> messages() {
        return messages;
    }

    List<TranscriptTool> tools() {
        return List.copyOf(tools.values());
    }

    /** How many turns were added. */
    int merged() {
        return merged;
    }

    static boolean startsWith(List<TranscriptMessage> whole, List<TranscriptMessage> prefix) {
        if (prefix.size() > whole.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!same(whole.get(i), prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(TranscriptMessage a, TranscriptMessage b) {
        return Objects.equals(a.role(), b.role()) && text(a).equals(text(b))
                && Objects.equals(a.toolCallId(), b.toolCallId()) && callIds(a).equals(callIds(b));
    }

    private static String text(TranscriptMessage m) {
        return m.content() == null ? "" : m.content().strip();
    }

    private static List<String> callIds(TranscriptMessage m) {
        List<String> ids = new ArrayList<>(m.toolCalls().size());
        for (TranscriptToolCall c : m.toolCalls()) {
            ids.add(c.id() != null ? c.id() : c.name());
        }
        return ids;
    }
}
