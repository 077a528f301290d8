package org.egret.api.decode;

/**
 * A tool call the model asked for.
 *
 * @param index     position in the response's tool-call list
 * @param id        the provider's tool-call id, or null
 * @param name      the tool (function) name
 * @param arguments the arguments as sent: normally a JSON object text, kept verbatim even when it is not valid JSON
 */
public record ToolCall(int index, String id, String name, String arguments) {
}
