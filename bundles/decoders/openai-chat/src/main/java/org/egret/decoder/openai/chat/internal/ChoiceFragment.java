package org.egret.decoder.openai.chat.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code choices[]} element of one chunk (or of a whole completion) carried. Collected before it is applied
 * because {@code index} may follow {@code delta} in the object.
 */
final class ChoiceFragment {

    /** position in this chunk's {@code choices} array, used when {@code index} is absent */
    int position;
    Integer index;
    String role;
    String content;
    String reasoningContent;
    String reasoning;
    String refusal;
    String finishReason;
    final List<ToolCallFragment> toolCalls = new ArrayList<>(2);
    ToolCallFragment functionCall;

    void reset(int position) {
        this.position = position;
        index = null;
        role = null;
        content = null;
        reasoningContent = null;
        reasoning = null;
        refusal = null;
        finishReason = null;
        toolCalls.clear();
        functionCall = null;
    }

    int choiceIndex() {
        return index != null ? index : position;
    }

    /** One {@code tool_calls[]} element (or a legacy {@code function_call}) as it arrived. */
    static final class ToolCallFragment {
        final int position;
        Integer index;
        String id;
        String type;
        String name;
        String arguments;

        ToolCallFragment(int position) {
            this.position = position;
        }

        /** Model output: an id, a name or argument text (an empty arguments string alone is not). */
        boolean carriesOutput() {
            return id != null || (name != null && !name.isEmpty()) || (arguments != null && !arguments.isEmpty());
        }
    }
}
