package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolCall;

/**
 * The tool calls among a response's output items: the calls the client must run and answer with a
 * {@code *_call_output} item. Hosted tools the server runs itself ({@code web_search_call}, {@code file_search_call},
 * {@code code_interpreter_call}, {@code image_generation_call}, {@code mcp_call}) need no answer and are not listed.
 */
final class ToolCallItems {

    private ToolCallItems() {
    }

    static List<ToolCall> of(List<JsonNode> output) {
        List<ToolCall> calls = new ArrayList<>(2);
        for (JsonNode item : output) {
            String type = ResponsesJson.text(item.get("type"));
            if (type == null || !isClientCall(type)) {
                continue;
            }
            String arguments = switch (type) {
                case "function_call" -> argumentsText(item.get("arguments"));
                case "custom_tool_call" -> argumentsText(item.get("input"));
                case "local_shell_call", "shell_call", "computer_call" -> argumentsText(item.get("action"));
                case "apply_patch_call" -> argumentsText(item.get("operation"));
                default -> null;
            };
            String id = ResponsesJson.text(item.get("call_id"));
            calls.add(new ToolCall(calls.size(), id != null ? id : ResponsesJson.text(item.get("id")),
                    toolName(type, ResponsesJson.text(item.get("name"))), arguments));
        }
        return List.copyOf(calls);
    }

    /** The tool a call item runs: its {@code name}, or for built-in client tools the tool's own name. */
    static String toolName(String type, String name) {
        return switch (type) {
            case "local_shell_call" -> "local_shell";
            case "shell_call" -> "shell";
            case "apply_patch_call" -> "apply_patch";
            case "computer_call" -> "computer";
            default -> name != null ? name : type.endsWith("_call") ? type.substring(0, type.length() - 5) : type;
        };
    }

    static boolean isClientCall(String type) {
        return switch (type) {
            case "function_call", "custom_tool_call", "local_shell_call", "shell_call", "computer_call",
                    "apply_patch_call" -> true;
            default -> false;
        };
    }

    /** Arguments are a string on the wire; an object (a shell action, a patch operation) is kept as its JSON text. */
    private static String argumentsText(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.isTextual() ? n.textValue() : n.toString();
    }
}
