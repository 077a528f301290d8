package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.decode.ModelNames;

/**
 * Copies what a response object says onto the call: id, served model, status as finish reason, usage, tool calls
 * from its output items, and the error of a failed response. The same for a whole body and for the object a stream
 * was rebuilt into.
 */
final class ResponseObjectFields {

    private ResponseObjectFields() {
    }

    static void apply(JsonNode response, String requestModel, LlmCall call) {
        if (response == null || !response.isObject()) {
            return;
        }
        String id = ResponsesJson.text(response.get("id"));
        if (id != null) {
            call.setResponseId(id);
        }
        String served = ResponsesJson.text(response.get("model"));
        call.setModel(served != null ? served : requestModel);
        if (served != null && requestModel != null) {
            call.setModelSubstituted(ModelNames.isSubstitution(requestModel, served));
        }
        String status = ResponsesJson.text(response.get("status"));
        if (status != null) {
            call.setFinishReason(status);
        }
        if (!UsageFields.apply(response.get("usage"), call)) {
            UsageFields.applyGemini(response.get("usageMetadata"), call);
        }
        call.setToolCalls(ToolCallItems.of(items(response.get("output"))));
        ErrorFields.fromResponse(response, call);
    }

    static List<JsonNode> items(JsonNode output) {
        if (output == null || !output.isArray()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>(output.size());
        for (JsonNode item : output) {
            if (item.isObject()) {
                items.add(item);
            }
        }
        return items;
    }
}
