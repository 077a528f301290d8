package org.egret.api.transcript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.egret.api.decode.LlmCall;

/**
 * Collects what a {@link TranscriptReader} reads, in order, and builds the {@link Transcript}. It does what every
 * wire API needs alike: drops messages nothing was read into, names a tool result after the call it answers, pairs a
 * result that carries no call id with the oldest unanswered call of its tool (Gemini's way), and keeps the
 * problems, each once, joined by "; ". Not thread-safe: one per read.
 */
public final class TranscriptBuilder {

    private final String wireApi;
    private final List<MessageDraft> drafts = new ArrayList<>();
    private MessageDraft systemPrompt;
    private final List<TranscriptTool> tools = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>(2);

    public TranscriptBuilder(String wireApi) {
        this.wireApi = wireApi;
    }

    /** Reads one stored body into the builder; may throw, {@link #read} catches it. */
    @FunctionalInterface
    public interface BodyReader {
        void read(TranscriptBody body, TranscriptBuilder out);
    }

    /**
     * What every reader's {@link TranscriptReader#read} does around its own parsing: the request body, then the
     * response body unless the call failed (an HTTP error answer carries no message; the call's error fields say
     * what failed), a missing body named as the problem, and nothing thrown whatever the bodies hold.
     */
    public static Transcript read(String wireApi, LlmCall call, BodyReader request, BodyReader response) {
        TranscriptBuilder out = new TranscriptBuilder(wireApi);
        if (call == null) {
            return out.problem("no call").build();
        }
        try {
            TranscriptBody requestBody = TranscriptBody.request(call);
            if (requestBody.missing() != null) {
                out.problem(requestBody.missing());
            } else {
                request.read(requestBody, out);
            }
            TranscriptBody responseBody = TranscriptBody.response(call);
            if (responseBody.missing() != null) {
                out.problem(call.getStatusCode() == 0 ? "no response was seen" : responseBody.missing());
            } else if (call.getStatusCode() < 400) {
                response.read(responseBody, out);
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.problem("transcript not read whole: " + e.getClass().getSimpleName());
        }
        return out.build();
    }

    /** Starts a message of the request: {@code system}, {@code user} or {@code assistant}. */
    public MessageDraft message(String role) {
        return add(new MessageDraft(this, role, false));
    }

    /**
     * The system prompt a wire API keeps apart from its messages (Anthropic {@code system}, Gemini
     * {@code systemInstruction}, Responses {@code instructions}): one message, first whatever the body's field order.
     */
    public MessageDraft systemPrompt() {
        if (systemPrompt == null) {
            systemPrompt = new MessageDraft(this, "system", false);
        }
        return systemPrompt;
    }

    /** Starts a message of the response. */
    public MessageDraft responseMessage(String role) {
        return add(new MessageDraft(this, role, true));
    }

    /**
     * Starts a tool message answering a call.
     *
     * @param toolCallId the call's id; null when the wire API sends none (then paired by {@code name})
     * @param name       the tool's name, or null (then taken from the answered call)
     */
    public MessageDraft toolResult(String toolCallId, String name) {
        return message("tool").answers(toolCallId, name);
    }

    /** A tool the request offers; a blank name is none. */
    public TranscriptBuilder tool(String name, String description, String parametersJson) {
        if (name != null && !name.isBlank()) {
            tools.add(new TranscriptTool(name, description, parametersJson));
        }
        return this;
    }

    /** Notes why the transcript is incomplete; null is nothing. */
    public TranscriptBuilder problem(String problem) {
        if (problem != null && !problem.isBlank()) {
            problems.add(problem);
        }
        return this;
    }

    private MessageDraft add(MessageDraft draft) {
        drafts.add(draft);
        return draft;
    }

    public Transcript build() {
        List<TranscriptMessage> messages = new ArrayList<>(drafts.size());
        Map<String, String> callNames = new HashMap<>();
        // calls not answered yet, in order, for results that name only their tool
        List<TranscriptToolCall> unanswered = new ArrayList<>();
        List<MessageDraft> ordered = new ArrayList<>(drafts.size() + 1);
        if (systemPrompt != null) {
            ordered.add(systemPrompt);
        }
        ordered.addAll(drafts);
        for (MessageDraft d : ordered) {
            if (d.isEmpty()) {
                continue;
            }
            for (TranscriptToolCall c : d.toolCalls()) {
                if (c.id() != null) {
                    callNames.putIfAbsent(c.id(), c.name());
                }
                unanswered.add(c);
            }
            if (!"tool".equals(d.role())) {
                messages.add(d.build(null, null));
                continue;
            }
            String id = d.toolCallId();
            String name = d.name();
            if (id == null && name != null) {
                for (int i = 0; i < unanswered.size(); i++) {
                    if (name.equals(unanswered.get(i).name())) {
                        id = unanswered.remove(i).id();
                        break;
                    }
                }
            } else if (id != null) {
                String answeredId = id;
                unanswered.removeIf(c -> answeredId.equals(c.id()));
                if (name == null) {
                    name = callNames.get(id);
                }
            }
            messages.add(d.build(id, name));
        }
        return new Transcript(wireApi, messages, tools, problems.isEmpty() ? null : String.join("; ", problems));
    }
}
