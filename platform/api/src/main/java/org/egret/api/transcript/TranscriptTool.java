package org.egret.api.transcript;

/**
 * A tool the request offered the model.
 *
 * @param name        the tool's name
 * @param description its description, or null
 * @param parameters  its parameters' JSON Schema as JSON text, or null when it has none (built-in tools such as
 *                    web search name only a type, which is then the name)
 */
public record TranscriptTool(String name, String description, String parameters) {
}
