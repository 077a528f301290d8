package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Streams one JSON object (a whole completion, or one chunk of a stream) into a {@link CompletionAccumulator}
 * without building a tree, except for the small {@code usage} and {@code error} objects. Unknown fields are skipped.
 * One instance per decode: it is not thread-safe.
 */
final class CompletionReader {

    private final CompletionAccumulator acc;
    private final boolean stream;
    private final ChoiceFragment fragment = new ChoiceFragment();
    private boolean outputInObject;

    CompletionReader(CompletionAccumulator acc, boolean stream) {
        this.acc = acc;
        this.stream = stream;
    }

    /**
     * Reads one object. A choice is applied even when the object breaks off inside it, so a cut-off body keeps what
     * it carried.
     *
     * @return false when the text does not start with a JSON object
     * @throws IOException when the JSON is malformed or ends early
     */
    boolean read(JsonParser p) throws IOException {
        outputInObject = false;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> acc.offerId(stringOrNull(p, value));
                case "model" -> acc.offerModel(stringOrNull(p, value));
                case "created" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        acc.offerCreated(p.getLongValue());
                    }
                }
                case "system_fingerprint" -> acc.offerSystemFingerprint(stringOrNull(p, value));
                case "choices" -> readChoices(p, value);
                case "usage" -> {
                    if (value == JsonToken.START_OBJECT) {
                        acc.usage = ChatJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.VALUE_STRING) {
                        acc.error = ChatJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "object" -> acc.object = stringOrNull(p, value);
                case "message" -> acc.topMessage = stringOrNull(p, value);
                case "type" -> acc.topType = stringOrNull(p, value);
                case "code" -> {
                    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
                        acc.topCode = p.getText();
                        acc.topCodeNumeric = value == JsonToken.VALUE_NUMBER_INT;
                    } else {
                        p.skipChildren();
                    }
                }
                case "detail" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        acc.detail = p.getText();
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        acc.detail = ChatJson.MAPPER.readTree(p).toString();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return true;
    }

    /** True when the last object read carried model output (text, reasoning, refusal or tool-call data). */
    boolean lastObjectCarriedOutput() {
        return outputInObject;
    }

    private void readChoices(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return;
            }
            if (t == JsonToken.START_OBJECT) {
                readChoice(p, position);
            } else {
                p.skipChildren();
            }
            position++;
        }
    }

    private void readChoice(JsonParser p, int position) throws IOException {
        ChoiceFragment f = fragment;
        f.reset(position);
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                            f.index = p.getIntValue();
                        }
                    }
                    case "delta", "message" -> {
                        if (value == JsonToken.START_OBJECT) {
                            readMessage(p, f);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "finish_reason" -> f.finishReason = stringOrNull(p, value);
                    default -> p.skipChildren();
                }
            }
        } finally {
            outputInObject |= acc.apply(f, stream);
        }
    }

    private void readMessage(JsonParser p, ChoiceFragment f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "role" -> f.role = stringOrNull(p, value);
                case "content" -> f.content = stringOrNull(p, value);
                case "reasoning_content" -> f.reasoningContent = stringOrNull(p, value);
                case "reasoning" -> f.reasoning = stringOrNull(p, value);
                case "refusal" -> f.refusal = stringOrNull(p, value);
                case "tool_calls" -> readToolCalls(p, value, f);
                case "function_call" -> {
                    if (value == JsonToken.START_OBJECT) {
                        f.functionCall = new ChoiceFragment.ToolCallFragment(0);
                        readToolCall(p, f.functionCall);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void readToolCalls(JsonParser p, JsonToken value, ChoiceFragment f) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                return;
            }
            if (t == JsonToken.START_OBJECT) {
                ChoiceFragment.ToolCallFragment call = new ChoiceFragment.ToolCallFragment(position);
                f.toolCalls.add(call);
                readToolCall(p, call);
            } else {
                p.skipChildren();
            }
            position++;
        }
    }

    /** Reads a {@code tool_calls[]} element, or the {@code function_call} object itself (name, arguments). */
    private void readToolCall(JsonParser p, ChoiceFragment.ToolCallFragment call) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "index" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        call.index = p.getIntValue();
                    }
                }
                case "id" -> call.id = stringOrNull(p, value);
                case "type" -> call.type = stringOrNull(p, value);
                case "name" -> call.name = stringOrNull(p, value);
                case "arguments" -> call.arguments = argumentsText(p, value);
                case "function" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readToolCall(p, call);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** Arguments are a JSON string on the wire; a server that sends an object gets it kept as its JSON text. */
    private static String argumentsText(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            return ChatJson.MAPPER.readTree(p).toString();
        }
        return null;
    }

    private static String stringOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
