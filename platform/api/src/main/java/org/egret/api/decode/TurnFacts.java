package org.egret.api.decode;

/**
 * What a call's request and response say about the agent turn it belongs to, as the decoder read them. The turn
 * tracker groups calls into turns from these facts alone; it never re-parses a body. Every field may be null when the
 * wire did not say.
 *
 * @param userTurnStart      the request opens a user turn: its last message is the user's, carrying new text or an
 *                           image, not only tool results (null: cannot tell)
 * @param userInput          the text of that last user message, cut to {@link #TEXT_LIMIT} characters; system
 *                           reminders an agent wraps around it are left out
 * @param assistantText      the text the response answers with (no thinking, no tool calls), cut likewise
 * @param terminal           the response ends the agent's loop: it finished and asks for no tool the client runs
 *                           (null: no complete response)
 * @param conversationAnchor a stable key of the conversation the request continues, the same on every call of it:
 *                           see {@link #anchor(String, String)}; null when the request has no user text
 * @param systemPreview      the start of the system prompt (instructions), cut to {@link #SYSTEM_LIMIT} characters,
 *                           for the agent profiles that tell side calls apart; never stored
 * @param historyMessages    messages (or input items) in the request: a later call of one conversation has more
 * @param sessionHint        a session id the body carries (e.g. Claude Code's {@code metadata.user_id} session),
 *                           null when none
 */
public record TurnFacts(Boolean userTurnStart, String userInput, String assistantText, Boolean terminal,
        String conversationAnchor, String systemPreview, int historyMessages, String sessionHint) {

    /** Characters of user and assistant text kept. */
    public static final int TEXT_LIMIT = 4096;
    /** Characters of the system prompt kept. */
    public static final int SYSTEM_LIMIT = 512;

    /** Facts of a call whose request could not be read. */
    public static final TurnFacts UNKNOWN = new TurnFacts(null, null, null, null, null, null, 0, null);

    /**
     * The conversation anchor of a request: its first user text and the first thing the assistant said in the
     * history (a tool-call id, else its text), or, for the first call of a conversation, what the response says
     * first. Every later call re-sends both, so all calls of a conversation share the anchor, while two conversations
     * opened with the same question part at the model's first answer.
     *
     * @param firstUserText             the first user message's text; null gives a null anchor
     * @param firstAssistantSignature   the first assistant tool-call id, else its first text; may be null
     */
    public static String anchor(String firstUserText, String firstAssistantSignature) {
        if (firstUserText == null || firstUserText.isBlank()) {
            return null;
        }
        long h = fnv(0xcbf29ce484222325L, firstUserText.strip());
        h = fnv(h ^ 0x0a, firstAssistantSignature == null ? "" : firstAssistantSignature.strip());
        return "conv-" + String.format("%016x", h);
    }

    private static final String[] TOOL_ID_PREFIXES = {"chatcmpl", "toolu", "call", "fc"};

    /**
     * A tool-call id in one spelling, for {@link #anchor}: some proxies drop the underscore after the id's prefix
     * ({@code calld9c1…} for {@code call_d9c1…}), and one conversation must not get two anchors for it. Null stays
     * null.
     */
    public static String canonicalToolId(String id) {
        if (id == null) {
            return null;
        }
        for (String prefix : TOOL_ID_PREFIXES) {
            int n = prefix.length();
            if (id.length() > n && id.startsWith(prefix) && Character.isLetterOrDigit(id.charAt(n))) {
                return prefix + '_' + id.substring(n);
            }
        }
        return id;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** {@code text} cut to {@code limit} characters, never inside a surrogate pair; null stays null. */
    public static String clip(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = limit;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
