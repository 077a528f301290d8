package org.egret.api.transcript;

/**
 * A tool call an assistant message makes.
 *
 * @param id        the call's id; Gemini mostly sends none, and its reader numbers the calls of the transcript
 *                  {@code gemini-call-1}, {@code gemini-call-2}… in order, the same for a call and its result
 * @param name      the tool's name
 * @param arguments the arguments as the compact JSON text of an object; {@code "{}"} when none were sent. Text that
 *                  is not valid JSON (a cut-off stream) is kept as sent, and the transcript's problem says so
 */
public record TranscriptToolCall(String id, String name, String arguments) {
}
