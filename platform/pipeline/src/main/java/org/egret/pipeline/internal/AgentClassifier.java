package org.egret.pipeline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpRequest;

/**
 * Tells which agent sent a call: claude-cli, codex-cli, opencode, openclaw, hermes, gemini-cli, else generic.
 * Headers and user agent first (Heron's profiles, heron-facts §5.1, without its requirement that a session id be
 * extractable: the kind is known even when the session is not); then the declared tool set, which survives proxies
 * that rewrite headers. The wire API does not decide: Claude Code and Codex are pointed at other APIs through
 * proxies, and the agent is the same.
 */
final class AgentClassifier {

    static final String GENERIC = "generic";

    private static final Set<String> OPENCLAW_TOOLS = Set.of("sessions_spawn", "sessions_yield", "subagents",
            "sessions_list", "sessions_history", "sessions_send", "session_status");
    private static final Set<String> HERMES_TOOLS = Set.of("skill_view", "skill_manage", "skills_list",
            "delegate_task", "session_search", "cronjob");
    /** Claude Code's built-in tools: a request declaring several is Claude Code whatever its user agent says. */
    private static final Set<String> CLAUDE_CODE_TOOLS = Set.of("Read", "Bash", "Edit", "MultiEdit", "Write",
            "Glob", "Grep", "Task", "Agent", "TodoWrite", "WebFetch", "NotebookEdit", "BashOutput", "KillShell");
    private static final Set<String> CODEX_TOOLS = Set.of("shell", "apply_patch", "update_plan", "view_image",
            "exec_command", "write_stdin");
    private static final Set<String> GEMINI_CLI_TOOLS = Set.of("read_file", "run_shell_command", "replace", "glob",
            "search_file_content", "google_web_search", "write_file", "list_directory", "read_many_files",
            "web_fetch", "save_memory");
    private static final Set<String> CODEX_ORIGINATORS = Set.of("codex_cli_rs", "codex-tui", "codex_exec",
            "codex_vscode");

    private AgentClassifier() {
    }

    static void classify(LlmCall call, HttpRequest request) {
        if (call.getAgentKind() == null) {
            call.setAgentKind(of(request, call.getRequestTools()));
        }
        if (call.getSubagent() == null) {
            call.setSubagent(subagent(call, request));
        }
        if (call.getAuxiliary() == null) {
            call.setAuxiliary(auxiliary(call));
        }
    }

    /**
     * The sub-agent that sent the call, null for the main agent. Claude Code's main agent always declares its
     * dispatching tool ({@code Agent}, {@code Task} before 2.x); a Claude Code call with tools but without it comes
     * from a sub-agent it dispatched. Codex names its sub-agents (review, compact) in {@code x-openai-subagent}.
     */
    static String subagent(LlmCall call, HttpRequest request) {
        String kind = call.getAgentKind();
        if ("codex-cli".equals(kind) && request != null) {
            String name = request.header("x-openai-subagent");
            return name == null || name.isBlank() ? null : name.strip();
        }
        if ("claude-cli".equals(kind)) {
            List<String> tools = call.getRequestTools();
            if (!tools.isEmpty() && !tools.contains("Agent") && !tools.contains("Task")) {
                return "task";
            }
        }
        return null;
    }

    /**
     * The kind of side call, null for a turn's own call. Side calls are stored like any call but take no part in
     * turn assembly: Claude Code's session-title generation (no tools) and its security monitor, OpenClaw's
     * summarizer (no tools).
     */
    static String auxiliary(LlmCall call) {
        String kind = call.getAgentKind();
        String system = lower(call.getTurnFacts().systemPreview());
        if ("claude-cli".equals(kind)) {
            if (system.contains("security monitor for autonomous ai coding agents")) {
                return "security-monitor";
            }
            if (call.getRequestTools().isEmpty()) {
                return "title";
            }
        }
        if ("openclaw".equals(kind) && call.getRequestTools().isEmpty()) {
            return "summarizer";
        }
        return null;
    }

    static String of(HttpRequest request, List<String> tools) {
        String byHeaders = request == null ? null : byHeaders(request);
        if (byHeaders != null) {
            return byHeaders;
        }
        return byTools(tools == null ? List.of() : tools);
    }

    private static String byHeaders(HttpRequest request) {
        String ua = lower(request.header("user-agent"));
        if (ua.startsWith("claude-cli/") || ua.startsWith("claude-code/")
                || request.header("x-claude-code-session-id") != null) {
            return "claude-cli";
        }
        String originator = lower(request.header("originator"));
        if (CODEX_ORIGINATORS.contains(originator) || ua.startsWith("codex_cli_rs/") || ua.startsWith("codex-tui/")
                || ua.startsWith("codex_exec/") || request.header("x-codex-turn-metadata") != null) {
            return "codex-cli";
        }
        if (ua.startsWith("opencode/")) {
            return "opencode";
        }
        if (ua.startsWith("openclaw/")) {
            return "openclaw";
        }
        if (ua.startsWith("hermes/") || ua.startsWith("hermes-agent/")) {
            return "hermes";
        }
        if (ua.startsWith("geminicli/") || ua.startsWith("gemini-cli/")) {
            return "gemini-cli";
        }
        return null;
    }

    private static String byTools(List<String> tools) {
        if (count(tools, OPENCLAW_TOOLS) >= 2) {
            return "openclaw";
        }
        if (count(tools, HERMES_TOOLS) >= 2) {
            return "hermes";
        }
        if (count(tools, CLAUDE_CODE_TOOLS) >= 3) {
            return "claude-cli";
        }
        if (count(tools, CODEX_TOOLS) >= 2) {
            return "codex-cli";
        }
        if (count(tools, GEMINI_CLI_TOOLS) >= 3) {
            return "gemini-cli";
        }
        return GENERIC;
    }

    private static int count(List<String> tools, Set<String> known) {
        int n = 0;
        for (String t : tools) {
            if (t != null && known.contains(t)) {
                n++;
            }
        }
        return n;
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
