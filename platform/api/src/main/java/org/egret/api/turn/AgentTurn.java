package org.egret.api.turn;

/**
 * One agent turn: a user asks, the agent loops through model calls and tools, it answers. Assembled by a pipeline's
 * turn tracker from its calls; a mutable record filled as calls arrive, frozen when the turn closes. Times are
 * microseconds since the Unix epoch.
 */
public final class AgentTurn {

    /** unique id of the turn (time-ordered UUID); kept from its first in-progress snapshot to the stored row */
    private String turnId;
    /** pipeline that assembled it */
    private String pipeline;
    /** packet source its calls were captured from */
    private String sourceId;
    /** the agent session: a session header or body id, else the conversation anchor */
    private String sessionId;
    /** claude-cli, codex-cli, opencode, openclaw, hermes, gemini-cli, generic */
    private String agentKind;
    /** wire API of its first call */
    private String wireApi;
    /** client of its first call */
    private String clientIp;
    /** server of its first call */
    private String serverIp;
    /** epoch µs: request time of its first call */
    private long startTime;
    /** epoch µs: the last response byte (else request) of its calls */
    private long endTime;
    /** in progress, complete, or incomplete */
    private TurnStatus status;
    /** why it closed: terminal, idle_timeout, next_user_turn, capture_end, evicted; null in progress */
    private String endReason;
    /** its calls (main agent, sub-agents, side calls excluded), in request order */
    private java.util.List<String> callIds = java.util.List.of();
    /** models used, served names, in order of first use */
    private java.util.List<String> models = java.util.List.of();
    /** sub-agents that ran in it, in order of first call */
    private java.util.List<String> subagents = java.util.List.of();
    /** calls in it */
    private int callCount;
    /** calls that failed (HTTP status 4xx/5xx, no response, or a provider error) */
    private int errorCalls;
    /** sum of input tokens */
    private long inputTokens;
    /** sum of output tokens */
    private long outputTokens;
    /** sum of prompt-cache reads */
    private long cacheReadInputTokens;
    /** sum of prompt-cache writes */
    private long cacheCreationInputTokens;
    /** sum of reasoning tokens */
    private long reasoningTokens;
    /** sum of its calls' costs; null when none of them has a price */
    private Double costUsd;
    /** what the user asked: the opening call's last user text */
    private String userInput;
    /** the call that opened it */
    private String userCallId;
    /** what the agent answered: the terminal call's text */
    private String finalAnswer;
    /** the call that ended it */
    private String finalCallId;
    /** the raw finish reason of that call */
    private String finalFinishReason;
    /** every tool call the model asked for in it, with its result when one came back */
    private java.util.List<TurnTool> tools = java.util.List.of();
    /** tool calls asked for */
    private int toolCallCount;
    /** tool calls whose result came back within the turn */
    private int toolResultCount;
    /** results that say the tool failed */
    private int toolErrorCount;
    /** the same tool call repeated without progress; null when none */
    private PlanLoop planLoop;
    /** it ended without a final answer (no terminal call with text) */
    private boolean noSubmit;
    /** a call was served by another model than it asked for, here or on its proxy's other leg */
    private boolean modelSubstituted;
    /** proxy_in (the client's leg) or proxy_out (the proxy's upstream leg) when seen on both legs */
    private String proxyRole;
    /** the turn of the other leg */
    private String proxyPeerTurnId;

    public String getTurnId() {
        return turnId;
    }

    public AgentTurn setTurnId(String turnId) {
        this.turnId = turnId;
        return this;
    }

    public String getPipeline() {
        return pipeline;
    }

    public AgentTurn setPipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getSourceId() {
        return sourceId;
    }

    public AgentTurn setSourceId(String sourceId) {
        this.sourceId = sourceId;
        return this;
    }

    public String getSessionId() {
        return sessionId;
    }

    public AgentTurn setSessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public String getAgentKind() {
        return agentKind;
    }

    public AgentTurn setAgentKind(String agentKind) {
        this.agentKind = agentKind;
        return this;
    }

    public String getWireApi() {
        return wireApi;
    }

    public AgentTurn setWireApi(String wireApi) {
        this.wireApi = wireApi;
        return this;
    }

    public String getClientIp() {
        return clientIp;
    }

    public AgentTurn setClientIp(String clientIp) {
        this.clientIp = clientIp;
        return this;
    }

    public String getServerIp() {
        return serverIp;
    }

    public AgentTurn setServerIp(String serverIp) {
        this.serverIp = serverIp;
        return this;
    }

    public long getStartTime() {
        return startTime;
    }

    public AgentTurn setStartTime(long startTime) {
        this.startTime = startTime;
        return this;
    }

    public long getEndTime() {
        return endTime;
    }

    public AgentTurn setEndTime(long endTime) {
        this.endTime = endTime;
        return this;
    }

    public TurnStatus getStatus() {
        return status;
    }

    public AgentTurn setStatus(TurnStatus status) {
        this.status = status;
        return this;
    }

    public String getEndReason() {
        return endReason;
    }

    public AgentTurn setEndReason(String endReason) {
        this.endReason = endReason;
        return this;
    }

    public java.util.List<String> getCallIds() {
        return callIds;
    }

    public AgentTurn setCallIds(java.util.List<String> callIds) {
        this.callIds = callIds == null ? java.util.List.of() : java.util.List.copyOf(callIds);
        return this;
    }

    public java.util.List<String> getModels() {
        return models;
    }

    public AgentTurn setModels(java.util.List<String> models) {
        this.models = models == null ? java.util.List.of() : java.util.List.copyOf(models);
        return this;
    }

    public java.util.List<String> getSubagents() {
        return subagents;
    }

    public AgentTurn setSubagents(java.util.List<String> subagents) {
        this.subagents = subagents == null ? java.util.List.of() : java.util.List.copyOf(subagents);
        return this;
    }

    public int getCallCount() {
        return callCount;
    }

    public AgentTurn setCallCount(int callCount) {
        this.callCount = callCount;
        return this;
    }

    public int getErrorCalls() {
        return errorCalls;
    }

    public AgentTurn setErrorCalls(int errorCalls) {
        this.errorCalls = errorCalls;
        return this;
    }

    public long getInputTokens() {
        return inputTokens;
    }

    public AgentTurn setInputTokens(long inputTokens) {
        this.inputTokens = inputTokens;
        return this;
    }

    public long getOutputTokens() {
        return outputTokens;
    }

    public AgentTurn setOutputTokens(long outputTokens) {
        this.outputTokens = outputTokens;
        return this;
    }

    public long getCacheReadInputTokens() {
        return cacheReadInputTokens;
    }

    public AgentTurn setCacheReadInputTokens(long cacheReadInputTokens) {
        this.cacheReadInputTokens = cacheReadInputTokens;
        return this;
    }

    public long getCacheCreationInputTokens() {
        return cacheCreationInputTokens;
    }

    public AgentTurn setCacheCreationInputTokens(long cacheCreationInputTokens) {
        this.cacheCreationInputTokens = cacheCreationInputTokens;
        return this;
    }

    public long getReasoningTokens() {
        return reasoningTokens;
    }

    public AgentTurn setReasoningTokens(long reasoningTokens) {
        this.reasoningTokens = reasoningTokens;
        return this;
    }

    public Double getCostUsd() {
        return costUsd;
    }

    public AgentTurn setCostUsd(Double costUsd) {
        this.costUsd = costUsd;
        return this;
    }

    public String getUserInput() {
        return userInput;
    }

    public AgentTurn setUserInput(String userInput) {
        this.userInput = userInput;
        return this;
    }

    public String getUserCallId() {
        return userCallId;
    }

    public AgentTurn setUserCallId(String userCallId) {
        this.userCallId = userCallId;
        return this;
    }

    public String getFinalAnswer() {
        return finalAnswer;
    }

    public AgentTurn setFinalAnswer(String finalAnswer) {
        this.finalAnswer = finalAnswer;
        return this;
    }

    public String getFinalCallId() {
        return finalCallId;
    }

    public AgentTurn setFinalCallId(String finalCallId) {
        this.finalCallId = finalCallId;
        return this;
    }

    public String getFinalFinishReason() {
        return finalFinishReason;
    }

    public AgentTurn setFinalFinishReason(String finalFinishReason) {
        this.finalFinishReason = finalFinishReason;
        return this;
    }

    public java.util.List<TurnTool> getTools() {
        return tools;
    }

    public AgentTurn setTools(java.util.List<TurnTool> tools) {
        this.tools = tools == null ? java.util.List.of() : java.util.List.copyOf(tools);
        return this;
    }

    public int getToolCallCount() {
        return toolCallCount;
    }

    public AgentTurn setToolCallCount(int toolCallCount) {
        this.toolCallCount = toolCallCount;
        return this;
    }

    public int getToolResultCount() {
        return toolResultCount;
    }

    public AgentTurn setToolResultCount(int toolResultCount) {
        this.toolResultCount = toolResultCount;
        return this;
    }

    public int getToolErrorCount() {
        return toolErrorCount;
    }

    public AgentTurn setToolErrorCount(int toolErrorCount) {
        this.toolErrorCount = toolErrorCount;
        return this;
    }

    public PlanLoop getPlanLoop() {
        return planLoop;
    }

    public AgentTurn setPlanLoop(PlanLoop planLoop) {
        this.planLoop = planLoop;
        return this;
    }

    public boolean isNoSubmit() {
        return noSubmit;
    }

    public AgentTurn setNoSubmit(boolean noSubmit) {
        this.noSubmit = noSubmit;
        return this;
    }

    public boolean isModelSubstituted() {
        return modelSubstituted;
    }

    public AgentTurn setModelSubstituted(boolean modelSubstituted) {
        this.modelSubstituted = modelSubstituted;
        return this;
    }

    public String getProxyRole() {
        return proxyRole;
    }

    public AgentTurn setProxyRole(String proxyRole) {
        this.proxyRole = proxyRole;
        return this;
    }

    public String getProxyPeerTurnId() {
        return proxyPeerTurnId;
    }

    public AgentTurn setProxyPeerTurnId(String proxyPeerTurnId) {
        this.proxyPeerTurnId = proxyPeerTurnId;
        return this;
    }

    /** Whole milliseconds from start to end. */
    public long durationMillis() {
        return endTime > startTime ? Math.round((endTime - startTime) / 1000.0) : 0;
    }

    /** Share of returned tool results that succeeded, 0..1; null when no result came back. */
    public Double toolSuccessRate() {
        return toolResultCount == 0 ? null : (toolResultCount - toolErrorCount) / (double) toolResultCount;
    }

    /** A field-by-field copy (lists are immutable and shared). */
    public AgentTurn copy() {
        AgentTurn c = new AgentTurn();
        c.turnId = turnId;
        c.pipeline = pipeline;
        c.sourceId = sourceId;
        c.sessionId = sessionId;
        c.agentKind = agentKind;
        c.wireApi = wireApi;
        c.clientIp = clientIp;
        c.serverIp = serverIp;
        c.startTime = startTime;
        c.endTime = endTime;
        c.status = status;
        c.endReason = endReason;
        c.callIds = callIds;
        c.models = models;
        c.subagents = subagents;
        c.callCount = callCount;
        c.errorCalls = errorCalls;
        c.inputTokens = inputTokens;
        c.outputTokens = outputTokens;
        c.cacheReadInputTokens = cacheReadInputTokens;
        c.cacheCreationInputTokens = cacheCreationInputTokens;
        c.reasoningTokens = reasoningTokens;
        c.costUsd = costUsd;
        c.userInput = userInput;
        c.userCallId = userCallId;
        c.finalAnswer = finalAnswer;
        c.finalCallId = finalCallId;
        c.finalFinishReason = finalFinishReason;
        c.tools = tools;
        c.toolCallCount = toolCallCount;
        c.toolResultCount = toolResultCount;
        c.toolErrorCount = toolErrorCount;
        c.planLoop = planLoop;
        c.noSubmit = noSubmit;
        c.modelSubstituted = modelSubstituted;
        c.proxyRole = proxyRole;
        c.proxyPeerTurnId = proxyPeerTurnId;
        return c;
    }

    @Override
    public String toString() {
        return "AgentTurn[" + turnId + " " + agentKind + " " + status + " calls=" + callCount + " session=" + sessionId
                + "]";
    }
}
