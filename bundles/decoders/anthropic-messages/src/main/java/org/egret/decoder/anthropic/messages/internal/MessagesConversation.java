package org.egret.decoder.anthropic.messages.internal;

import org.egret.api.decode.TurnFacts;

/**
 * What a Messages request says about the agent turn it belongs to, read in the request's one pass; the response adds
 * its answer, whether it ends the loop, and (for a first call) the anchor's second half.
 *
 * @param userTurnStart           the last non-system message is the user's and carries text (system reminders left
 *                                out) or an image or document, not only tool results; null when the body was cut
 *                                before its end
 * @param userInput               that message's text, reminders left out; null when it is not a user text
 * @param firstUserText           the text of the first user message that has any, reminders left out
 * @param assistantSeen           the history has an assistant message: the anchor's second half comes from it
 * @param firstAssistantSignature the first assistant message's first {@code tool_use} id (canonical), else its
 *                                first text
 * @param complete                the body was read to its end
 * @param systemPreview           the start of the system prompt
 * @param messages                messages read
 * @param sessionHint             Claude Code's session from {@code metadata.user_id}
 */
record MessagesConversation(Boolean userTurnStart, String userInput, String firstUserText, boolean assistantSeen,
        String firstAssistantSignature, boolean complete, String systemPreview, int messages, String sessionHint) {

    /**
     * @param answerText      the response's text blocks
     * @param terminal        whether the response ends the agent loop (null: no complete response)
     * @param answerSignature the response's first {@code tool_use} id (canonical), else its first text
     */
    TurnFacts turnFacts(String answerText, Boolean terminal, String answerSignature) {
        // a body cut before any assistant message cannot tell that its history has none
        String anchor = assistantSeen || complete
                ? TurnFacts.anchor(firstUserText, assistantSeen ? firstAssistantSignature : answerSignature)
                : null;
        return new TurnFacts(userTurnStart, userInput, TurnFacts.clip(answerText, TurnFacts.TEXT_LIMIT), terminal,
                anchor, systemPreview, messages, sessionHint);
    }
}
