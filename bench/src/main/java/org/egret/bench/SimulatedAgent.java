package org.egret.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One client of the OpenAI Chat Completions API, as the npm openai SDK drives it: a conversation that grows call by
 * call (text answers, tool calls and their results), sent over keep-alive connections, every answer streamed. Each
 * {@link #step} writes the packets of one moment of that life and says when the next one is.
 */
final class SimulatedAgent {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DONE_AND_LAST_CHUNK = "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICE_END = "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";
    /** A conversation is restarted before its request body would pass about 40 KB. */
    private static final int MAX_HISTORY_BYTES = 33 * 1024;

    private enum Phase { CONNECT, REQUEST, FIRST_EVENT, STREAM, FINISH, CLOSE }

    private final int index;
    private final SimulationContext shared;
    private final SplittableRandom random;
    private final String apiKey;
    private final TextBuffer history = new TextBuffer(48 * 1024);
    private final TextBuffer chunkPrefix = new TextBuffer(256);
    private final TextBuffer assistantText = new TextBuffer(4 * 1024);
    private final TextBuffer[] arguments = {new TextBuffer(256), new TextBuffer(4 * 1024)};
    private final String[] toolNames = new String[2];
    private final String[] toolCallIds = new String[2];
    private final TextBuffer scratch = new TextBuffer(8 * 1024);

    private Phase phase = Phase.CONNECT;
    private long nextMicros;
    private TcpConversationWriter connection;
    private int callsLeftOnConnection;
    private int systemPrompt;
    private boolean userTurnNext = true;
    private long previousPromptTokens;
    private long promptTokens;
    private long ttftMillis;
    // the call being streamed
    private int toolCalls;
    private int tokensLeft;
    private int completionTokens;
    private int currentTool;
    private int argumentCursor;
    private final int[] fragmentsLeft = new int[2];
    private boolean retiring;

    SimulatedAgent(int index, SimulationContext shared, long seed, long startMicros) {
        this.index = index;
        this.shared = shared;
        this.random = new SplittableRandom(seed);
        this.apiKey = "sk-proj-" + randomText(ALPHANUMERIC, 48);
        this.nextMicros = startMicros;
        this.systemPrompt = random.nextInt(ChatVocabulary.SYSTEM_PROMPTS_ESCAPED.length);
    }

    long nextMicros() {
        return nextMicros;
    }

    int index() {
        return index;
    }

    /** Writes the packets due at {@link #nextMicros()}; returns false once the agent has nothing more to do. */
    boolean step() throws IOException {
        long t = nextMicros;
        switch (phase) {
            case CONNECT -> {
                if (shared.budgetReached()) {
                    return false;
                }
                connection = new TcpConversationWriter(shared.out, SimulationContext.CLIENT_IP,
                        shared.nextClientPort(), SimulationContext.SERVER_IP, SimulationContext.SERVER_PORT,
                        random.nextInt(), random.nextInt());
                shared.connections++;
                callsLeftOnConnection = 2 + random.nextInt(30);
                schedule(connection.open(t) + 300 + random.nextInt(700), Phase.REQUEST);
            }
            case REQUEST -> {
                long sent = sendRequest(t);
                ttftMillis = 150 + random.nextInt(1050);
                schedule(sent + ttftMillis * 1000, Phase.FIRST_EVENT);
            }
            case FIRST_EVENT -> {
                sendFirstEvent(t);
                schedule(t + chunkGapMicros(), Phase.STREAM);
            }
            case STREAM -> {
                sendNextEvent(t);
                boolean more = toolCalls == 0 ? tokensLeft > 0
                        : fragmentsLeft[currentTool] > 0 || currentTool + 1 < toolCalls;
                schedule(t + chunkGapMicros(), more ? Phase.STREAM : Phase.FINISH);
            }
            case FINISH -> finish(t);
            case CLOSE -> {
                connection.close(t);
                connection = null;
                if (retiring) {
                    return false;
                }
                schedule(t + 10_000 + random.nextInt(490_000), Phase.CONNECT);
            }
        }
        return true;
    }

    private void schedule(long micros, Phase next) {
        nextMicros = micros;
        phase = next;
    }

    /** About 20 ms between streamed events, as a fast model decodes. */
    private long chunkGapMicros() {
        return 8_000 + random.nextInt(25_000);
    }

    private long sendRequest(long t) throws IOException {
        if (history.size() > MAX_HISTORY_BYTES) {
            history.clear();
            systemPrompt = random.nextInt(ChatVocabulary.SYSTEM_PROMPTS_ESCAPED.length);
            userTurnNext = true;
            previousPromptTokens = 0;
        }
        if (userTurnNext) {
            appendUserMessage();
        }
        TextBuffer body = shared.body.clear();
        body.ascii("{\"model\":\"").ascii(ChatVocabulary.MODEL).ascii("\",\"messages\":[{\"role\":\"system\",")
                .ascii("\"content\":\"").append(ChatVocabulary.SYSTEM_PROMPTS_ESCAPED[systemPrompt]).ascii("\"}")
                .append(history).ascii("],\"tools\":").append(ChatVocabulary.TOOLS_JSON)
                .ascii(",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        promptTokens = body.size() / 4;
        TextBuffer request = shared.wire.clear();
        request.ascii("POST /v1/chat/completions HTTP/1.1\r\nhost: 10.0.0.1:8000\r\nconnection: keep-alive\r\n")
                .ascii("accept: application/json\r\nuser-agent: OpenAI/JS ").ascii(ChatVocabulary.SDK_VERSION)
                .ascii("\r\nx-stainless-retry-count: 0\r\nx-stainless-lang: js\r\nx-stainless-package-version: ")
                .ascii(ChatVocabulary.SDK_VERSION)
                .ascii("\r\nx-stainless-os: Linux\r\nx-stainless-arch: x64\r\nx-stainless-runtime: node\r\n")
                .ascii("x-stainless-runtime-version: v22.17.0\r\nauthorization: Bearer ").ascii(apiKey)
                .ascii("\r\ncontent-type: application/json\r\naccept-language: *\r\nsec-fetch-mode: cors\r\n")
                .ascii("accept-encoding: gzip, deflate\r\ncontent-length: ").decimal(body.size()).ascii("\r\n\r\n")
                .append(body);
        planResponse(t);
        return connection.clientSends(t, request.array(), 0, request.size());
    }

    private void appendUserMessage() {
        byte[][] prompts = ChatVocabulary.USER_PROMPTS_ESCAPED;
        history.ascii(",{\"role\":\"user\",\"content\":\"").append(prompts[random.nextInt(prompts.length)]);
        if (random.nextInt(3) == 0) {
            // a pasted snippet, as users do
            scratch.clear().ascii("\n\n```\n");
            ChatVocabulary.appendCode(scratch, random, 400 + random.nextInt(3000));
            scratch.ascii("```");
            history.jsonEscaped(scratch.array(), 0, scratch.size());
        }
        history.ascii("\"}");
        userTurnNext = false;
    }

    /** Decides what the answer will be: 50 to 400 SSE events, text or tool calls. */
    private void planResponse(long t) {
        int events = 50 + random.nextInt(351);
        int middle = events - 4; // the role event, the finish event, the usage event and [DONE] are fixed
        completionTokens = middle;
        assistantText.clear();
        toolCalls = random.nextInt(100) < 35 ? 1 + random.nextInt(2) : 0;
        if (toolCalls == 0) {
            tokensLeft = middle;
        } else {
            planToolCalls(middle);
        }
        chunkPrefix.clear().ascii("data: {\"id\":\"chatcmpl-").ascii(randomText(ALPHANUMERIC, 29))
                .ascii("\",\"object\":\"chat.completion.chunk\",\"created\":").decimal(t / 1_000_000)
                .ascii(",\"model\":\"").ascii(ChatVocabulary.SERVED_MODEL)
                .ascii("\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_")
                .ascii(randomText(HEX, 10)).ascii("\",\"choices\":[");
    }

    /**
     * Plans how many argument fragments each call streams so the events add up exactly; the last call always writes
     * a file, its contents sized to about 4.5 characters a fragment.
     */
    private void planToolCalls(int events) {
        int budget = events - (toolCalls - 1); // every call after the first announces itself in an event of its own
        for (int c = 0; c < toolCalls; c++) {
            toolCallIds[c] = "call_" + randomText(ALPHANUMERIC, 24);
            TextBuffer args = arguments[c].clear();
            if (c + 1 < toolCalls) {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        toolNames[c] = "read_file";
                        args.ascii("{\"path\":\"").ascii(ChatVocabulary.path(random)).ascii("\"}");
                    }
                    case 1 -> {
                        toolNames[c] = "search_code";
                        args.ascii("{\"pattern\":\"retention_days|SessionStore\",\"glob\":\"**/*.java\"}");
                    }
                    default -> {
                        toolNames[c] = "run_shell";
                        args.ascii("{\"command\":\"").ascii(ChatVocabulary.shellCommand(random))
                                .ascii("\",\"timeout_seconds\":120}");
                    }
                }
                fragmentsLeft[c] = Math.max(1, args.size() / 5);
                budget -= fragmentsLeft[c];
            } else {
                toolNames[c] = "write_file";
                args.ascii("{\"path\":\"").ascii(ChatVocabulary.path(random)).ascii("\",\"content\":\"");
                scratch.clear();
                ChatVocabulary.appendCode(scratch, random, Math.max(16, budget * 9 / 2 - args.size()));
                args.jsonEscaped(scratch.array(), 0, scratch.size()).ascii("\"}");
                fragmentsLeft[c] = Math.max(1, Math.min(budget, args.size()));
            }
        }
        currentTool = 0;
        argumentCursor = 0;
    }

    private void sendFirstEvent(long t) throws IOException {
        TextBuffer event = shared.event.clear().append(chunkPrefix).ascii("{\"index\":0,\"delta\":{");
        if (toolCalls == 0) {
            event.ascii("\"role\":\"assistant\",\"content\":\"\",\"refusal\":null");
        } else {
            event.ascii("\"role\":\"assistant\",\"content\":null,\"tool_calls\":[");
            toolCallHeader(event, 0);
            event.ascii("],\"refusal\":null");
        }
        event.append(CHOICE_END);
        TextBuffer segment = shared.wire.clear();
        segment.ascii("HTTP/1.1 200 OK\r\ndate: ").append(shared.httpDate(t))
                .ascii("\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n")
                .ascii("connection: keep-alive\r\nopenai-organization: user-bench\r\nopenai-processing-ms: ")
                .decimal(ttftMillis).ascii("\r\nopenai-version: 2020-10-01\r\nx-request-id: req_")
                .ascii(randomText(HEX, 32)).ascii("\r\n\r\n");
        appendChunked(segment, event);
        connection.serverSends(t, segment.array(), 0, segment.size());
    }

    /** An even share of what is left, give or take a character; the last fragment takes the rest. */
    private int fragmentLength(int charsLeft, int fragments) {
        if (fragments == 1) {
            return charsLeft;
        }
        int share = charsLeft / fragments + random.nextInt(3) - 1;
        return Math.max(1, Math.min(share, charsLeft - (fragments - 1)));
    }

    private void toolCallHeader(TextBuffer event, int call) {
        event.ascii("{\"index\":").decimal(call).ascii(",\"id\":\"").ascii(toolCallIds[call])
                .ascii("\",\"type\":\"function\",\"function\":{\"name\":\"").ascii(toolNames[call])
                .ascii("\",\"arguments\":\"\"}}");
    }

    private void sendNextEvent(long t) throws IOException {
        TextBuffer event = shared.event.clear().append(chunkPrefix).ascii("{\"index\":0,\"delta\":{");
        if (toolCalls == 0) {
            byte[] token = ChatVocabulary.TOKENS_ESCAPED[random.nextInt(ChatVocabulary.TOKENS_ESCAPED.length)];
            event.ascii("\"content\":\"").append(token).ascii("\"");
            assistantText.append(token);
            tokensLeft--;
        } else if (fragmentsLeft[currentTool] > 0) {
            TextBuffer args = arguments[currentTool];
            int n = fragmentLength(args.size() - argumentCursor, fragmentsLeft[currentTool]--);
            event.ascii("\"tool_calls\":[{\"index\":").decimal(currentTool)
                    .ascii(",\"function\":{\"arguments\":\"").jsonEscaped(args.array(), argumentCursor, n)
                    .ascii("\"}}]");
            argumentCursor += n;
        } else {
            currentTool++;
            argumentCursor = 0;
            event.ascii("\"tool_calls\":[");
            toolCallHeader(event, currentTool);
            event.ascii("]");
        }
        event.append(CHOICE_END);
        appendChunked(shared.wire.clear(), event);
        connection.serverSends(t, shared.wire.array(), 0, shared.wire.size());
    }

    private void finish(long t) throws IOException {
        TextBuffer event = shared.event.clear().append(chunkPrefix)
                .ascii("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"")
                .ascii(toolCalls == 0 ? "stop" : "tool_calls").ascii("\"}],\"usage\":null}\n\n");
        appendChunked(shared.wire.clear(), event);
        long at = connection.serverSends(t, shared.wire.array(), 0, shared.wire.size());

        long cached = previousPromptTokens >= 1024 ? Math.min(previousPromptTokens, promptTokens) / 128 * 128 : 0;
        event.clear().append(chunkPrefix).ascii("],\"usage\":{\"prompt_tokens\":").decimal(promptTokens)
                .ascii(",\"completion_tokens\":").decimal(completionTokens)
                .ascii(",\"total_tokens\":").decimal(promptTokens + completionTokens)
                .ascii(",\"prompt_tokens_details\":{\"cached_tokens\":").decimal(cached)
                .ascii(",\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,")
                .ascii("\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
        appendChunked(shared.wire.clear(), event);
        at = connection.serverSends(at + 200, shared.wire.array(), 0, shared.wire.size());
        at = connection.serverSends(at + 200, DONE_AND_LAST_CHUNK, 0, DONE_AND_LAST_CHUNK.length);
        previousPromptTokens = promptTokens;
        shared.calls++;
        rememberAnswer();

        callsLeftOnConnection--;
        if (shared.budgetReached()) {
            retiring = true;
            schedule(at + 1_000, Phase.CLOSE);
        } else if (callsLeftOnConnection == 0) {
            schedule(at + 200_000 + random.nextInt(2_000_000), Phase.CLOSE);
        } else {
            // tools run quickly; a person takes longer to type the next message
            long think = toolCalls > 0 ? 50_000 + random.nextInt(750_000) : 300_000 + random.nextInt(2_700_000);
            schedule(at + think, Phase.REQUEST);
        }
    }

    /** Appends the streamed answer to the conversation, as the SDK's caller would before the next call. */
    private void rememberAnswer() {
        if (toolCalls == 0) {
            history.ascii(",{\"role\":\"assistant\",\"content\":\"").append(assistantText).ascii("\"}");
            userTurnNext = true;
            return;
        }
        history.ascii(",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[");
        for (int c = 0; c < toolCalls; c++) {
            history.ascii(c == 0 ? "{\"id\":\"" : ",{\"id\":\"").ascii(toolCallIds[c])
                    .ascii("\",\"type\":\"function\",\"function\":{\"name\":\"").ascii(toolNames[c])
                    .ascii("\",\"arguments\":\"").jsonEscaped(arguments[c].array(), 0, arguments[c].size())
                    .ascii("\"}}");
        }
        history.ascii("]}");
        for (int c = 0; c < toolCalls; c++) {
            scratch.clear();
            if ("write_file".equals(toolNames[c])) {
                scratch.ascii("Wrote ").decimal(arguments[c].size()).ascii(" bytes.");
            } else {
                ChatVocabulary.appendCode(scratch, random, 300 + random.nextInt(3700));
            }
            history.ascii(",{\"role\":\"tool\",\"tool_call_id\":\"").ascii(toolCallIds[c])
                    .ascii("\",\"content\":\"").jsonEscaped(scratch.array(), 0, scratch.size()).ascii("\"}");
        }
        userTurnNext = false;
    }

    /** One HTTP chunk: hex size, CRLF, the SSE event, CRLF. */
    private static void appendChunked(TextBuffer segment, TextBuffer event) {
        segment.hex(event.size()).append(CRLF).append(event).append(CRLF);
    }

    private String randomText(String alphabet, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}
