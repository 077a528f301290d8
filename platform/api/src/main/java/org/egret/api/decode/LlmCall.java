package org.egret.api.decode;

/**
 * One LLM API call rebuilt from the wire. A mutable record filled in stages: the decoder sets the wire fields, the
 * pipeline the identity, network, HTTP and timing fields. Times are microseconds since the Unix epoch; 0 = unknown.
 * Token counts are null when the wire did not carry them.
 */
public final class LlmCall {

    /** unique id of the call (time-ordered UUID) */
    private String id;
    /** packet source it was captured from */
    private String sourceId;
    /** pipeline that built it */
    private String pipeline;
    /** id of the HTTP exchange it was decoded from */
    private String exchangeId;
    private String clientIp;
    private int clientPort;
    private String serverIp;
    private int serverPort;
    private String method;
    /** request target without the query */
    private String requestPath;
    /** Host header */
    private String host;
    /** HTTP status, 0 when no response was seen */
    private int statusCode;
    /** true when the response was an event stream */
    private boolean stream;
    /** request headers (redacted before storage) */
    private java.util.List<org.egret.api.http.HttpHeader> requestHeaders = java.util.List.of();
    private java.util.List<org.egret.api.http.HttpHeader> responseHeaders = java.util.List.of();
    /** request body text */
    private String requestBody;
    /** response body text; for streams the response rebuilt in the non-streaming JSON shape */
    private String responseBody;
    /** e.g. openai-chat */
    private String wireApi;
    /** model named in the request */
    private String requestModel;
    /** model that served the call (response), else the requested one */
    private String model;
    private String responseId;
    /** raw provider finish/stop reason */
    private String finishReason;
    /** provider error type/code for failed calls */
    private String errorType;
    /** provider error message for failed calls */
    private String errorMessage;
    private Integer inputTokens;
    private Integer outputTokens;
    private Integer totalTokens;
    private Integer cacheReadInputTokens;
    private Integer cacheCreationInputTokens;
    private Integer reasoningTokens;
    /** tool calls in the response */
    private java.util.List<ToolCall> toolCalls = java.util.List.of();
    /** tool results the request sends back, each linked to the tool call it answers */
    private java.util.List<ToolResult> toolResults = java.util.List.of();
    /** names of the tools the request declares, in request order */
    private java.util.List<String> requestTools = java.util.List.of();
    /** true when the served model is not the requested one (a dated snapshot of it does not count) */
    private boolean modelSubstituted;
    /**
     * the server software that answered, from the bytes: openai, anthropic, gemini, vllm, sglang, ollama, llamacpp,
     * litellm, unknown; null until classified
     */
    private String serverKind;
    /** the agent that sent the call: claude-cli, codex-cli, opencode, openclaw, hermes, gemini-cli, generic */
    private String agentKind;
    /** what the call cost in US dollars by the price table; null when its model has no price or no usage is known */
    private Double costUsd;
    /** the agent session the call belongs to, from its headers or body; null when it names none */
    private String sessionId;
    /** the sub-agent that sent the call (e.g. {@code task}), null for the main agent */
    private String subagent;
    /** the kind of side call (e.g. {@code title}, {@code security-monitor}, {@code summarizer}), null for a turn's own */
    private String auxiliary;
    /** what the request and response say about the turn, from the decoder; never null */
    private TurnFacts turnFacts = TurnFacts.UNKNOWN;
    /** epoch µs of the first request byte */
    private long requestTime;
    /** epoch µs of the first response byte, 0 if none */
    private long responseTime;
    /** epoch µs of the first content delta (streams), 0 if none */
    private long firstTokenTime;
    /** epoch µs of the last response byte, 0 if none */
    private long completeTime;
    /** time to first token: first content delta (else first response byte) minus request time */
    private Double ttftMs;
    /** last response byte minus request time */
    private Double e2eLatencyMs;
    /** streams: (complete − first token) / (output tokens − 1) */
    private Double tpotMs;
    /** true when the exchange was cut off or could not be fully decoded */
    private boolean partial;
    /** why the call is partial, for the user */
    private String partialReason;
    /** body bytes not stored because of the storage body cap */
    private long bodyBytesDropped;

    public String getId() {
        return id;
    }

    public LlmCall setId(String id) {
        this.id = id;
        return this;
    }

    public String getSourceId() {
        return sourceId;
    }

    public LlmCall setSourceId(String sourceId) {
        this.sourceId = sourceId;
        return this;
    }

    public String getPipeline() {
        return pipeline;
    }

    public LlmCall setPipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getExchangeId() {
        return exchangeId;
    }

    public LlmCall setExchangeId(String exchangeId) {
        this.exchangeId = exchangeId;
        return this;
    }

    public String getClientIp() {
        return clientIp;
    }

    public LlmCall setClientIp(String clientIp) {
        this.clientIp = clientIp;
        return this;
    }

    public int getClientPort() {
        return clientPort;
    }

    public LlmCall setClientPort(int clientPort) {
        this.clientPort = clientPort;
        return this;
    }

    public String getServerIp() {
        return serverIp;
    }

    public LlmCall setServerIp(String serverIp) {
        this.serverIp = serverIp;
        return this;
    }

    public int getServerPort() {
        return serverPort;
    }

    public LlmCall setServerPort(int serverPort) {
        this.serverPort = serverPort;
        return this;
    }

    public String getMethod() {
        return method;
    }

    public LlmCall setMethod(String method) {
        this.method = method;
        return this;
    }

    public String getRequestPath() {
        return requestPath;
    }

    public LlmCall setRequestPath(String requestPath) {
        this.requestPath = requestPath;
        return this;
    }

    public String getHost() {
        return host;
    }

    public LlmCall setHost(String host) {
        this.host = host;
        return this;
    }

    public int getStatusCode() {
        return statusCode;
    }

    public LlmCall setStatusCode(int statusCode) {
        this.statusCode = statusCode;
        return this;
    }

    public boolean isStream() {
        return stream;
    }

    public LlmCall setStream(boolean stream) {
        this.stream = stream;
        return this;
    }

    public java.util.List<org.egret.api.http.HttpHeader> getRequestHeaders() {
        return requestHeaders;
    }

    public LlmCall setRequestHeaders(java.util.List<org.egret.api.http.HttpHeader> requestHeaders) {
        this.requestHeaders = requestHeaders;
        return this;
    }

    public java.util.List<org.egret.api.http.HttpHeader> getResponseHeaders() {
        return responseHeaders;
    }

    public LlmCall setResponseHeaders(java.util.List<org.egret.api.http.HttpHeader> responseHeaders) {
        this.responseHeaders = responseHeaders;
        return this;
    }

    public String getRequestBody() {
        return requestBody;
    }

    public LlmCall setRequestBody(String requestBody) {
        this.requestBody = requestBody;
        return this;
    }

    public String getResponseBody() {
        return responseBody;
    }

    public LlmCall setResponseBody(String responseBody) {
        this.responseBody = responseBody;
        return this;
    }

    public String getWireApi() {
        return wireApi;
    }

    public LlmCall setWireApi(String wireApi) {
        this.wireApi = wireApi;
        return this;
    }

    public String getRequestModel() {
        return requestModel;
    }

    public LlmCall setRequestModel(String requestModel) {
        this.requestModel = requestModel;
        return this;
    }

    public String getModel() {
        return model;
    }

    public LlmCall setModel(String model) {
        this.model = model;
        return this;
    }

    public String getResponseId() {
        return responseId;
    }

    public LlmCall setResponseId(String responseId) {
        this.responseId = responseId;
        return this;
    }

    public String getFinishReason() {
        return finishReason;
    }

    public LlmCall setFinishReason(String finishReason) {
        this.finishReason = finishReason;
        return this;
    }

    public String getErrorType() {
        return errorType;
    }

    public LlmCall setErrorType(String errorType) {
        this.errorType = errorType;
        return this;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public LlmCall setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
        return this;
    }

    public Integer getInputTokens() {
        return inputTokens;
    }

    public LlmCall setInputTokens(Integer inputTokens) {
        this.inputTokens = inputTokens;
        return this;
    }

    public Integer getOutputTokens() {
        return outputTokens;
    }

    public LlmCall setOutputTokens(Integer outputTokens) {
        this.outputTokens = outputTokens;
        return this;
    }

    public Integer getTotalTokens() {
        return totalTokens;
    }

    public LlmCall setTotalTokens(Integer totalTokens) {
        this.totalTokens = totalTokens;
        return this;
    }

    public Integer getCacheReadInputTokens() {
        return cacheReadInputTokens;
    }

    public LlmCall setCacheReadInputTokens(Integer cacheReadInputTokens) {
        this.cacheReadInputTokens = cacheReadInputTokens;
        return this;
    }

    public Integer getCacheCreationInputTokens() {
        return cacheCreationInputTokens;
    }

    public LlmCall setCacheCreationInputTokens(Integer cacheCreationInputTokens) {
        this.cacheCreationInputTokens = cacheCreationInputTokens;
        return this;
    }

    public Integer getReasoningTokens() {
        return reasoningTokens;
    }

    public LlmCall setReasoningTokens(Integer reasoningTokens) {
        this.reasoningTokens = reasoningTokens;
        return this;
    }

    public java.util.List<ToolCall> getToolCalls() {
        return toolCalls;
    }

    public LlmCall setToolCalls(java.util.List<ToolCall> toolCalls) {
        this.toolCalls = toolCalls;
        return this;
    }

    public java.util.List<ToolResult> getToolResults() {
        return toolResults;
    }

    public LlmCall setToolResults(java.util.List<ToolResult> toolResults) {
        this.toolResults = toolResults;
        return this;
    }

    public java.util.List<String> getRequestTools() {
        return requestTools;
    }

    public LlmCall setRequestTools(java.util.List<String> requestTools) {
        this.requestTools = requestTools;
        return this;
    }

    public boolean isModelSubstituted() {
        return modelSubstituted;
    }

    public LlmCall setModelSubstituted(boolean modelSubstituted) {
        this.modelSubstituted = modelSubstituted;
        return this;
    }

    public String getServerKind() {
        return serverKind;
    }

    public LlmCall setServerKind(String serverKind) {
        this.serverKind = serverKind;
        return this;
    }

    public String getAgentKind() {
        return agentKind;
    }

    public LlmCall setAgentKind(String agentKind) {
        this.agentKind = agentKind;
        return this;
    }

    public Double getCostUsd() {
        return costUsd;
    }

    public LlmCall setCostUsd(Double costUsd) {
        this.costUsd = costUsd;
        return this;
    }

    public long getRequestTime() {
        return requestTime;
    }

    public LlmCall setRequestTime(long requestTime) {
        this.requestTime = requestTime;
        return this;
    }

    public long getResponseTime() {
        return responseTime;
    }

    public LlmCall setResponseTime(long responseTime) {
        this.responseTime = responseTime;
        return this;
    }

    public long getFirstTokenTime() {
        return firstTokenTime;
    }

    public LlmCall setFirstTokenTime(long firstTokenTime) {
        this.firstTokenTime = firstTokenTime;
        return this;
    }

    public long getCompleteTime() {
        return completeTime;
    }

    public LlmCall setCompleteTime(long completeTime) {
        this.completeTime = completeTime;
        return this;
    }

    public Double getTtftMs() {
        return ttftMs;
    }

    public LlmCall setTtftMs(Double ttftMs) {
        this.ttftMs = ttftMs;
        return this;
    }

    public Double getE2eLatencyMs() {
        return e2eLatencyMs;
    }

    public LlmCall setE2eLatencyMs(Double e2eLatencyMs) {
        this.e2eLatencyMs = e2eLatencyMs;
        return this;
    }

    public Double getTpotMs() {
        return tpotMs;
    }

    public LlmCall setTpotMs(Double tpotMs) {
        this.tpotMs = tpotMs;
        return this;
    }

    public boolean isPartial() {
        return partial;
    }

    public LlmCall setPartial(boolean partial) {
        this.partial = partial;
        return this;
    }

    public String getPartialReason() {
        return partialReason;
    }

    public LlmCall setPartialReason(String partialReason) {
        this.partialReason = partialReason;
        return this;
    }

    public long getBodyBytesDropped() {
        return bodyBytesDropped;
    }

    public LlmCall setBodyBytesDropped(long bodyBytesDropped) {
        this.bodyBytesDropped = bodyBytesDropped;
        return this;
    }

    /** The number of tool calls in the response. */
    public int getToolCallCount() {
        return toolCalls.size();
    }

    public String getSessionId() {
        return sessionId;
    }

    public LlmCall setSessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public String getSubagent() {
        return subagent;
    }

    public LlmCall setSubagent(String subagent) {
        this.subagent = subagent;
        return this;
    }

    public String getAuxiliary() {
        return auxiliary;
    }

    public LlmCall setAuxiliary(String auxiliary) {
        this.auxiliary = auxiliary;
        return this;
    }

    public TurnFacts getTurnFacts() {
        return turnFacts;
    }

    public LlmCall setTurnFacts(TurnFacts turnFacts) {
        this.turnFacts = turnFacts == null ? TurnFacts.UNKNOWN : turnFacts;
        return this;
    }

    @Override
    public String toString() {
        return "LlmCall[" + id + " " + wireApi + " " + method + " " + requestPath + " -> " + statusCode + " model="
                + model + " finish=" + finishReason + (partial ? " partial: " + partialReason : "") + "]";
    }
}
