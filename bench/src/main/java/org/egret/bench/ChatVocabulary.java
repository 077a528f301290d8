package org.egret.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** The fixed text simulated agents draw from: system prompts, tool definitions, user prompts, tokens, code. */
final class ChatVocabulary {
    static final String MODEL = "gpt-4o-mini";
    static final String SERVED_MODEL = "gpt-4o-mini-2024-07-18";
    static final String SDK_VERSION = "5.10.1";

    private static final String[] SYSTEM_PROMPTS = {
        "You are a senior software engineer pairing with the user inside their editor. You can read files, search "
                + "the code base, run shell commands and write files through the tools you are given. Before you "
                + "change anything, read the relevant files and make sure you understand how the code is used by "
                + "its callers. Prefer small, reviewable changes that keep the existing style. When a test fails, "
                + "find the root cause instead of adjusting the assertion. Explain what you did in a few short "
                + "sentences and show the important part of the diff in a fenced code block. Never invent APIs: if "
                + "you are unsure whether a method exists, search for it first. Keep secrets out of logs and "
                + "output. If a command could destroy data (rm -rf, git reset --hard, dropping tables), ask first. ",
        "You are a careful coding agent working in a monorepo with Java services, a TypeScript web console and "
                + "Python tooling. Use read_file and search_code to explore, run_shell to build and test, and "
                + "write_file to edit. Run the narrowest test that proves your change before the full suite. "
                + "Report failures verbatim, quote the exact error line, and say which file and line you changed. "
                + "Respect the module boundaries documented in each README: a module never imports another "
                + "module's internal package. Formatting follows the repository's .editorconfig. Keep commit-sized "
                + "steps; after each step summarise what is left. Answer in English even when the code comments "
                + "are in another language. ",
        "You are an assistant for data engineers. You write SQL for DuckDB and ClickHouse, explain query plans, "
                + "and suggest indexes only when a measurement shows they help. When the user pastes a schema, "
                + "restate the tables you will use before writing the query. Prefer window functions over self "
                + "joins, CTEs over nested subqueries, and explicit column lists over SELECT *. Mention the "
                + "expected cost of a query on a billion rows when it matters. Use the tools to run queries "
                + "against the sample database, and never run statements that modify data unless asked. ",
    };

    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"read_file\","
            + "\"description\":\"Read a UTF-8 text file from the workspace and return its contents.\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\","
            + "\"description\":\"Path relative to the repository root.\"}},\"required\":[\"path\"],"
            + "\"additionalProperties\":false}}},{\"type\":\"function\",\"function\":{\"name\":\"search_code\","
            + "\"description\":\"Search the repository with a regular expression; returns matching lines.\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"pattern\":{\"type\":\"string\"},"
            + "\"glob\":{\"type\":\"string\",\"description\":\"Optional file glob, e.g. **/*.java\"}},"
            + "\"required\":[\"pattern\"],\"additionalProperties\":false}}},{\"type\":\"function\","
            + "\"function\":{\"name\":\"run_shell\",\"description\":\"Run a shell command in the repository "
            + "root and return stdout, stderr and the exit code.\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"command\":{\"type\":\"string\"},\"timeout_seconds\":{\"type\":\"integer\"}},"
            + "\"required\":[\"command\"],\"additionalProperties\":false}}},{\"type\":\"function\","
            + "\"function\":{\"name\":\"write_file\",\"description\":\"Create or overwrite a file with the "
            + "given contents.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":"
            + "\"string\"},\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"],"
            + "\"additionalProperties\":false}}}]";

    private static final String[] USER_PROMPTS = {
        "ParserTest is failing on CI but passes locally. Find out why and fix it.",
        "Add a --dry-run flag to the import command and make sure it never writes to the database.",
        "Why is the p99 latency of /api/traces so high? Look at the query and suggest a fix.",
        "Refactor SessionStore so the eviction policy is pluggable, keep the current LRU as the default.",
        "Write a unit test for the chunked transfer decoder that covers a chunk split across two reads.",
        "The build prints a deprecation warning for the jar plugin configuration. Clean it up.",
        "Explain what this stack trace means and where the null comes from.",
        "Rename the config key retention_days to retention.days everywhere, with a fallback for the old name.",
        "Summarise what changed in the last three commits and whether anything needs a migration.",
        "Make the retry loop in the HTTP client back off exponentially with jitter, capped at 30 seconds.",
        "Can you check whether we close the file channel on every error path in the reader?",
        "Port this Python script to Java 17 without adding dependencies.",
    };

    private static final String[] TOKENS = {
        " the", " to", " a", " of", " and", " in", " is", " that", " for", " it", " this", " you", " we", " with",
        " test", " method", " class", " file", " call", " value", " returns", " null", " list", " map", " string",
        " error", " when", " because", " instead", " should", " first", " then", " fix", " change", " line",
        " function", " parser", " buffer", " config", " reader", " channel", " close", " thread", " lock",
        ".", ",", ":", " (", ")", "`", "`.", "\n", "\n\n", "\n\n", "```java\n", "```\n", "    ", " {", "}\n",
        " if", " (", "==", " !=", " return", ";\n", " \"", "\"", " 2", "0", "42", " -", " *",
        " don\u2019t", " it\u2019s", " \u2014", " \u2705", " \u2192", " na\u00efve", " caf\u00e9",
        "Here", " is", " what", " happened", " Root", " cause", " Step", " 1", " 2", " 3",
    };

    private static final String[] CODE_LINES = {
        "package com.example.service;", "", "import java.util.List;", "import java.util.Map;",
        "public final class SessionStore {", "    private final Map<String, Session> sessions = new HashMap<>();",
        "    public Session get(String id) {", "        return sessions.get(id);", "    }",
        "    // evict the least recently used entry once the store is full",
        "    if (sessions.size() > capacity) {", "        evictOldest();", "    }",
        "  at com.example.parser.ChunkedDecoder.read(ChunkedDecoder.java:118)",
        "  at com.example.parser.ParserTest.splitChunk(ParserTest.java:57)",
        "def load(path):", "    with open(path, encoding='utf-8') as f:", "        return json.load(f)",
        "SELECT model, count(*) AS calls, avg(ttft_ms) FROM llm_calls GROUP BY model ORDER BY calls DESC;",
        "[INFO] Tests run: 41, Failures: 1, Errors: 0, Skipped: 2",
        "expected: <200> but was: <429>", "}",
    };

    private static final String[] PATHS = {
        "src/main/java/com/example/service/SessionStore.java", "src/test/java/com/example/parser/ParserTest.java",
        "src/main/java/com/example/parser/ChunkedDecoder.java", "web/src/routes/traces.ts", "tools/import.py",
        "pom.xml", "README.md", "src/main/resources/application.yaml",
    };

    private static final String[] SHELL = {
        "mvn -q -pl parser test -Dtest=ParserTest", "git log --oneline -3", "rg -n retention_days",
        "./gradlew :web:test", "python3 tools/import.py --dry-run sample.csv",
    };

    static final byte[][] SYSTEM_PROMPTS_ESCAPED = escapedAll(SYSTEM_PROMPTS);
    static final byte[] TOOLS_JSON = TOOLS.getBytes(StandardCharsets.US_ASCII);
    static final byte[][] USER_PROMPTS_ESCAPED = escapedAll(USER_PROMPTS);
    /** Completion tokens, already escaped for a JSON string (UTF-8). */
    static final byte[][] TOKENS_ESCAPED = escapedAll(TOKENS);

    private ChatVocabulary() {
    }

    static String path(SplittableRandom random) {
        return PATHS[random.nextInt(PATHS.length)];
    }

    static String shellCommand(SplittableRandom random) {
        return SHELL[random.nextInt(SHELL.length)];
    }

    /** Appends raw (unescaped) code-like lines, about {@code length} bytes, separated by newlines. */
    static void appendCode(TextBuffer out, SplittableRandom random, int length) {
        int end = out.size() + length;
        while (out.size() < end) {
            out.ascii(CODE_LINES[random.nextInt(CODE_LINES.length)]).ascii("\n");
        }
    }

    private static byte[][] escapedAll(String[] texts) {
        byte[][] out = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            out[i] = escape(texts[i]);
        }
        return out;
    }

    /** JSON string escaping of UTF-8 text, as JSON.stringify does it (non-ASCII stays raw). */
    static byte[] escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
