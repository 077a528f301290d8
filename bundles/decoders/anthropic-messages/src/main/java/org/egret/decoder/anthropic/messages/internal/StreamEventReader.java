package org.egret.decoder.anthropic.messages.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads one stream event's JSON into a {@link MessageAccumulator}. The hot path, content_block_delta, is read
 * without a tree; only the small message, content_block, usage and error objects become trees. One instance per
 * decode: it is not thread-safe.
 */
final class StreamEventReader {

    /** What one event was, for the stream's bookkeeping. */
    enum Kind { MESSAGE_START, BLOCK_START, BLOCK_DELTA, BLOCK_STOP, MESSAGE_DELTA, MESSAGE_STOP, PING, ERROR, OTHER }

    private final MessageAccumulator acc;
    private final DeltaFragment delta = new DeltaFragment();
    private boolean output;

    StreamEventReader(MessageAccumulator acc) {
        this.acc = acc;
    }

    /**
     * @param json      the event's data
     * @param eventName the SSE {@code event:} name, used when the data has no {@code type}; null for Bedrock frames
     * @throws IOException when the JSON is malformed or ends early
     */
    Kind read(String json, String eventName) throws IOException {
        try (JsonParser p = AnthropicJson.FACTORY.createParser(json)) {
            return read(p, eventName);
        }
    }

    Kind read(byte[] json, String eventName) throws IOException {
        try (JsonParser p = AnthropicJson.FACTORY.createParser(json)) {
            return read(p, eventName);
        }
    }

    /** True when the last event read carried model output: text, thinking, tool-call name or input. */
    boolean lastEventCarriedOutput() {
        return output;
    }

    private Kind read(JsonParser p, String eventName) throws IOException {
        output = false;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("event data is not a JSON object");
        }
        String type = null;
        int index = -1;
        boolean hasDelta = false;
        ObjectNode message = null;
        ObjectNode block = null;
        ObjectNode usage = null;
        JsonNode error = null;
        JsonNode metrics = null;
        delta.reset();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "index" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        index = p.getIntValue();
                    }
                }
                case "delta" -> hasDelta = readDelta(p, value);
                case "message" -> message = objectOrSkip(p, value);
                case "content_block" -> block = objectOrSkip(p, value);
                case "usage" -> usage = objectOrSkip(p, value);
                case "error" -> {
                    if (value == JsonToken.START_OBJECT || value == JsonToken.VALUE_STRING) {
                        error = AnthropicJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "amazon-bedrock-invocationMetrics" -> metrics = objectOrSkip(p, value);
                default -> p.skipChildren();
            }
        }
        if (type == null) {
            type = eventName;
        }
        if (type == null) {
            return Kind.OTHER;
        }
        switch (type) {
            case "message_start" -> {
                if (message != null) {
                    acc.startMessage(message);
                }
                return Kind.MESSAGE_START;
            }
            case "content_block_start" -> {
                if (block != null && index >= 0) {
                    output = acc.block(index).start(block);
                }
                return Kind.BLOCK_START;
            }
            case "content_block_delta" -> {
                if (hasDelta && index >= 0) {
                    output = acc.block(index).apply(delta);
                }
                return Kind.BLOCK_DELTA;
            }
            case "content_block_stop" -> {
                if (index >= 0) {
                    acc.block(index).stopped = true;
                }
                return Kind.BLOCK_STOP;
            }
            case "message_delta" -> {
                if (hasDelta) {
                    acc.applyMessageDelta(delta);
                }
                if (usage != null) {
                    acc.mergeUsage(usage);
                }
                return Kind.MESSAGE_DELTA;
            }
            case "message_stop" -> {
                if (metrics != null) {
                    acc.bedrockMetrics = metrics;
                }
                return Kind.MESSAGE_STOP;
            }
            case "ping" -> {
                return Kind.PING;
            }
            case "error" -> {
                acc.error = error;
                return Kind.ERROR;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    private boolean readDelta(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return false;
        }
        DeltaFragment d = delta;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "type" -> d.type = stringOrSkip(p, v);
                case "text" -> d.text = stringOrSkip(p, v);
                case "partial_json" -> d.partialJson = stringOrSkip(p, v);
                case "thinking" -> d.thinking = stringOrSkip(p, v);
                case "signature" -> d.signature = stringOrSkip(p, v);
                case "citation" -> {
                    if (v == JsonToken.START_OBJECT) {
                        d.citation = AnthropicJson.MAPPER.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "stop_reason" -> d.stopReason = stringOrSkip(p, v);
                case "stop_sequence" -> {
                    d.hasStopSequence = true;
                    d.stopSequence = stringOrSkip(p, v);
                }
                default -> p.skipChildren();
            }
        }
        return true;
    }

    private static String stringOrSkip(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static ObjectNode objectOrSkip(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.START_OBJECT) {
            return AnthropicJson.MAPPER.readTree(p);
        }
        p.skipChildren();
        return null;
    }
}
