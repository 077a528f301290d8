package org.egret.console.internal.rest;

import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.turn.AgentTurn;

/** OpenAI chat calls of agent turns, with the bodies {@link ChatTranscriptReader} reads. */
final class Conversations {

    static final String SYSTEM = "{\"role\":\"system\",\"content\":\"You are terse.\"}";
    static final String USER_1 = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";
    static final String ASK_TOOL = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_a\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
    static final String TOOL_RESULT = "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"18C\"}";
    static final String ANSWER_1 = "{\"role\":\"assistant\",\"content\":\"It is 18C.\"}";
    static final String USER_2 = "{\"role\":\"user\",\"content\":\"And tomorrow?\"}";
    static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
            + "\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}}}]";

    private Conversations() {
    }

    static String request(String... messages) {
        return "{\"model\":\"gpt-4o\",\"messages\":[" + String.join(",", messages) + "],\"tools\":" + TOOLS + "}";
    }

    static String response(String message) {
        return "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"message\":" + message
                + ",\"finish_reason\":\"stop\"}]}";
    }

    static LlmCall call(String id, long requestMicros, String requestBody, String responseBody) {
        return new LlmCall().setId(id).setSourceId("capture").setWireApi("openai-chat").setModel("gpt-4o-2024-08-06")
                .setRequestModel("gpt-4o").setStatusCode(200).setRequestTime(requestMicros)
                .setRequestPath("/v1/chat/completions").setClientIp("10.0.0.5").setServerIp("10.0.0.9")
                .setServerPort(443).setFinishReason("stop").setRequestBody(requestBody).setResponseBody(responseBody);
    }

    /** The first turn's terminal call: history with a tool round trip, then the answer with reasoning. */
    static LlmCall firstTurnCall(String id, long requestMicros) {
        return call(id, requestMicros, request(SYSTEM, USER_1, ASK_TOOL, TOOL_RESULT), response(
                "{\"role\":\"assistant\",\"content\":\"It is 18C.\",\"reasoning_content\":\"The tool said 18C.\"}"));
    }

    /** The second turn's terminal call: the whole first turn again, then a new question and its answer. */
    static LlmCall secondTurnCall(String id, long requestMicros) {
        return call(id, requestMicros, request(SYSTEM, USER_1, ASK_TOOL, TOOL_RESULT, ANSWER_1, USER_2),
                response("{\"role\":\"assistant\",\"content\":\"Rain.\"}"));
    }

    static AgentTurn turn(String id, String session, long startMicros, String finalCallId, List<String> callIds) {
        return Fixtures.turn(id, session, startMicros).setAgentKind("opencode").setWireApi("openai-chat")
                .setCallIds(callIds).setFinalCallId(finalCallId).setFinalFinishReason("stop")
                .setModels(List.of("gpt-4o-2024-08-06"));
    }
}
