package org.egret.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpHeader;
import org.egret.api.http.HttpRequest;
import org.junit.jupiter.api.Test;

class AgentClassifierTest {

    static HttpRequest request(String... nameValues) {
        List<HttpHeader> headers = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(new HttpHeader(nameValues[i], nameValues[i + 1]));
        }
        return new HttpRequest("POST", "/v1/messages?beta=true", "HTTP/1.1", headers, new byte[0], 0, false, 1, 2);
    }

    @Test
    void theRealAgentsHeaderSetsNameThem() {
        // header sets as in shared/reference: Claude Code 2.1 and Codex TUI
        assertThat(AgentClassifier.of(request("User-Agent", "claude-cli/2.1.104 (external, cli)", "X-App", "cli"),
                List.of())).isEqualTo("claude-cli");
        assertThat(AgentClassifier.of(request("User-Agent", "Anthropic/JS 0.81.0",
                "X-Claude-Code-Session-Id", "d5beaa29-b48e-4d1e-aea8-d4342bde647f"), List.of())).isEqualTo("claude-cli");
        assertThat(AgentClassifier.of(request("User-Agent", "codex-tui/0.118.0 (Mac OS 26.2.0; arm64)",
                "Originator", "codex-tui"), List.of())).isEqualTo("codex-cli");
        assertThat(AgentClassifier.of(request("originator", "codex_exec"), List.of())).isEqualTo("codex-cli");
        assertThat(AgentClassifier.of(request("x-codex-turn-metadata", "{\"session_id\":\"s\"}"), List.of()))
                .isEqualTo("codex-cli");
        assertThat(AgentClassifier.of(request("User-Agent", "opencode/0.15.2 ai-sdk/provider-utils/3.0.0",
                "x-session-affinity", "ses_1"), List.of())).isEqualTo("opencode");
        assertThat(AgentClassifier.of(request("User-Agent", "GeminiCLI/0.9.0 (linux; x64)"), List.of()))
                .isEqualTo("gemini-cli");
    }

    @Test
    void toolSetsNameAgentsBehindProxiesThatRewriteHeaders() {
        HttpRequest plain = request("User-Agent", "python-httpx/0.27.0");
        assertThat(AgentClassifier.of(plain, List.of("read", "sessions_spawn", "sessions_send"))).isEqualTo("openclaw");
        assertThat(AgentClassifier.of(plain, List.of("skill_view", "delegate_task", "terminal"))).isEqualTo("hermes");
        assertThat(AgentClassifier.of(plain, List.of("Agent", "Bash", "Read", "Edit"))).isEqualTo("claude-cli");
        assertThat(AgentClassifier.of(plain, List.of("shell", "apply_patch", "update_plan"))).isEqualTo("codex-cli");
        assertThat(AgentClassifier.of(plain, List.of("read_file", "run_shell_command", "glob", "replace")))
                .isEqualTo("gemini-cli");
    }

    @Test
    void oneKnownToolIsNotEnough() {
        HttpRequest plain = request("User-Agent", "OpenAI/JS 6.49.0");
        assertThat(AgentClassifier.of(plain, List.of("read_file", "run_shell"))).isEqualTo("generic");
        assertThat(AgentClassifier.of(plain, List.of("sessions_spawn", "get_weather"))).isEqualTo("generic");
        assertThat(AgentClassifier.of(plain, List.of("Bash", "Read"))).isEqualTo("generic");
        assertThat(AgentClassifier.of(plain, List.of())).isEqualTo("generic");
        assertThat(AgentClassifier.of(null, null)).isEqualTo("generic");
    }

    @Test
    void headersWinOverTools() {
        assertThat(AgentClassifier.of(request("User-Agent", "claude-cli/2.1.104 (external, cli)"),
                List.of("shell", "apply_patch"))).isEqualTo("claude-cli");
    }

    @Test
    void aDecodersOwnVerdictIsKept() {
        LlmCall call = new LlmCall().setAgentKind("hermes");
        AgentClassifier.classify(call, request("User-Agent", "claude-cli/2.1.104"));
        assertThat(call.getAgentKind()).isEqualTo("hermes");
        LlmCall unset = new LlmCall().setRequestTools(List.of("shell", "apply_patch"));
        AgentClassifier.classify(unset, request());
        assertThat(unset.getAgentKind()).isEqualTo("codex-cli");
    }

    private static LlmCall claudeCode(List<String> tools, String system) {
        return new LlmCall().setRequestTools(tools)
                .setTurnFacts(new org.egret.api.decode.TurnFacts(true, "q", null, null, null, system, 1, null));
    }

    @Test
    void aClaudeCodeCallWithoutItsDispatchToolComesFromASubAgent() {
        HttpRequest cc = request("User-Agent", "claude-cli/2.1.104 (external, cli)");
        LlmCall main = claudeCode(List.of("Agent", "Bash", "Read"), "You are Claude Code");
        LlmCall oldMain = claudeCode(List.of("Task", "Bash", "Read"), "You are Claude Code");
        LlmCall sub = claudeCode(List.of("Bash", "Grep", "Read"), "You are an agent for Claude Code");
        AgentClassifier.classify(main, cc);
        AgentClassifier.classify(oldMain, cc);
        AgentClassifier.classify(sub, cc);
        assertThat(main.getSubagent()).isNull();
        assertThat(oldMain.getSubagent()).isNull();
        assertThat(sub.getSubagent()).isEqualTo("task");
        assertThat(main.getAuxiliary()).isNull();
    }

    @Test
    void codexNamesItsSubAgentsInAHeader() {
        LlmCall review = new LlmCall().setRequestTools(List.of("shell"));
        AgentClassifier.classify(review, request("originator", "codex_cli_rs", "x-openai-subagent", "review"));
        assertThat(review.getAgentKind()).isEqualTo("codex-cli");
        assertThat(review.getSubagent()).isEqualTo("review");
        LlmCall plain = new LlmCall().setRequestTools(List.of("shell"));
        AgentClassifier.classify(plain, request("originator", "codex_cli_rs"));
        assertThat(plain.getSubagent()).isNull();
    }

    @Test
    void sideCallsAreToldApart() {
        HttpRequest cc = request("User-Agent", "claude-cli/2.1.104 (external, cli)");
        LlmCall title = claudeCode(List.of(), "Summarize this coding conversation in under 50 characters");
        LlmCall monitor = claudeCode(List.of("Read"), "You are a security monitor for autonomous AI coding agents.");
        AgentClassifier.classify(title, cc);
        AgentClassifier.classify(monitor, cc);
        assertThat(title.getAuxiliary()).isEqualTo("title");
        assertThat(monitor.getAuxiliary()).isEqualTo("security-monitor");
        LlmCall generic = new LlmCall();
        AgentClassifier.classify(generic, request("User-Agent", "OpenAI/JS 6.49.0"));
        assertThat(generic.getAuxiliary()).as("a plain app without tools makes turns").isNull();
        assertThat(generic.getSubagent()).isNull();
    }
}
