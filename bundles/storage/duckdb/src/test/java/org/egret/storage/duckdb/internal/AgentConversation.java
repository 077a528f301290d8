package org.egret.storage.duckdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies as an agent sends them: every call re-sends the whole conversation so far plus one more message,
 * so most of each body repeats the one before.
 */
final class AgentConversation {
    private static final String[] WORDS = ("the of and to in is that for it as with read_file run_shell function "
            + "return value request response model token stream tool call argument json object array string "
            + "Zürich naïve 日本語 🦅 ∑ quick brown fox jumps over lazy dog lorem ipsum dolor sit amet").split(" ");

    private AgentConversation() {
    }

    /** {@code calls} request bodies of one conversation, messages of about {@code messageBytes} each. */
    static List<byte[]> requests(int calls, int messageBytes, long seed) {
        Random random = new Random(seed);
        List<String> messages = new ArrayList<>();
        List<byte[]> out = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            StringBuilder m = new StringBuilder("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"");
            while (m.length() < messageBytes) {
                m.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            messages.add(m.append("\"}").toString());
            out.add(("{\"model\":\"claude-sonnet-4\",\"stream\":true,\"system\":\"You are a coding agent.\","
                    + "\"messages\":[" + String.join(",", messages) + "]}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
