package org.egret.decoder.openai.chat.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.egret.api.decode.ToolCall;

/** One choice of a completion, built from its fragments: text channels appended, tool calls merged by index. */
final class ChoiceAccumulator {

    final int index;
    String role;
    /** null until a non-null {@code content} arrives, so a tool-call-only answer keeps {@code content: null} */
    StringBuilder content;
    StringBuilder reasoning;
    StringBuilder refusal;
    String finishReason;
    final TreeMap<Integer, ToolCallAccumulator> toolCalls = new TreeMap<>();
    ToolCallAccumulator functionCall;

    ChoiceAccumulator(int index) {
        this.index = index;
    }

    /**
     * Applies one fragment. In a stream, text is appended and a tool-call fragment without {@code index} continues
     * the call with its id (or the last call); in a whole completion, position identifies the tool call.
     *
     * @return true when the fragment carried model output (text, reasoning, refusal or tool-call data)
     */
    boolean apply(ChoiceFragment f, boolean stream) {
        boolean output = false;
        if (role == null && f.role != null) {
            role = f.role;
        }
        if (f.content != null) {
            content = append(content, f.content);
            output = !f.content.isEmpty();
        }
        // Some servers (vLLM) send the same text as both reasoning_content and reasoning: take one, not both.
        String thinking = f.reasoningContent != null ? f.reasoningContent : f.reasoning;
        if (thinking != null) {
            reasoning = append(reasoning, thinking);
            output |= !thinking.isEmpty();
        }
        if (f.refusal != null) {
            refusal = append(refusal, f.refusal);
            output |= !f.refusal.isEmpty();
        }
        for (ChoiceFragment.ToolCallFragment t : f.toolCalls) {
            toolCallFor(t, stream).merge(t);
            output |= t.carriesOutput();
        }
        if (f.functionCall != null) {
            if (functionCall == null) {
                functionCall = new ToolCallAccumulator();
            }
            functionCall.merge(f.functionCall);
            output |= f.functionCall.carriesOutput();
        }
        if (f.finishReason != null) {
            finishReason = f.finishReason;
        }
        return output;
    }

    private ToolCallAccumulator toolCallFor(ChoiceFragment.ToolCallFragment t, boolean stream) {
        Integer key = t.index;
        if (key == null && !stream) {
            key = t.position;
        }
        if (key == null) {
            if (t.id != null) {
                for (Map.Entry<Integer, ToolCallAccumulator> e : toolCalls.entrySet()) {
                    if (t.id.equals(e.getValue().id)) {
                        return e.getValue();
                    }
                }
                key = toolCalls.isEmpty() ? 0 : toolCalls.lastKey() + 1;
            } else {
                key = toolCalls.isEmpty() ? 0 : toolCalls.lastKey();
            }
        }
        return toolCalls.computeIfAbsent(key, k -> new ToolCallAccumulator());
    }

    /** The tool calls in index order, then a legacy {@code function_call}; ToolCall index = list position. */
    List<ToolCall> toToolCalls() {
        if (toolCalls.isEmpty() && functionCall == null) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>(toolCalls.size() + 1);
        for (ToolCallAccumulator t : toolCalls.values()) {
            out.add(new ToolCall(out.size(), t.id, t.name, t.argumentsOrNull()));
        }
        if (functionCall != null) {
            out.add(new ToolCall(out.size(), null, functionCall.name, functionCall.argumentsOrNull()));
        }
        return List.copyOf(out);
    }

    private static StringBuilder append(StringBuilder sb, String text) {
        if (sb == null) {
            sb = new StringBuilder(Math.max(16, text.length()));
        }
        return sb.append(text);
    }

    /** One tool call: id, type and name from the first fragment that has them, arguments appended. */
    static final class ToolCallAccumulator {
        String id;
        String type;
        String name;
        StringBuilder arguments;

        void merge(ChoiceFragment.ToolCallFragment t) {
            if (id == null && t.id != null && !t.id.isEmpty()) {
                id = t.id;
            }
            if (type == null && t.type != null && !t.type.isEmpty()) {
                type = t.type;
            }
            if (name == null && t.name != null && !t.name.isEmpty()) {
                name = t.name;
            }
            if (t.arguments != null) {
                arguments = append(arguments, t.arguments);
            }
        }

        String argumentsOrNull() {
            return arguments == null ? null : arguments.toString();
        }
    }
}
