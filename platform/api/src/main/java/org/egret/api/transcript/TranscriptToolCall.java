package org.egret.api.transcript;

/**
 * A tool call an assistant message makes.
 *
 * @param id        the call's id (Gemini sends none: then {@code null})
 * @param name      the tool's name
 * @param arguments the arguments as JSON text, as sent; {@code "{}"} when none were sent (a cut-off stream may leave
 *                  text that is not valid JSON: it is kept as it is)
 */
public record TranscriptToolCall(String id, String name, String arguments) {
}
