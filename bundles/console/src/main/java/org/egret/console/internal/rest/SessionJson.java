package org.egret.console.internal.rest;

import static org.egret.console.internal.rest.JsonOutput.numberOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.egret.api.storage.AgentSession;
import org.egret.api.storage.Page;
import org.egret.api.turn.AgentTurn;

/**
 * An {@link AgentSession} as Heron's {@code SessionListItem} / {@code SessionDetail}, Heron's fields first, Egret's
 * after them. Times are epoch milliseconds. {@code last_turn_at_in_window} and {@code first_user_call_id} are null:
 * a stored session is summed up over its whole life and does not name its opening call.
 */
final class SessionJson {

    private SessionJson() {
    }

    static void writeListItem(JsonGenerator g, AgentSession s) throws IOException {
        g.writeStartObject();
        g.writeStringField("source_id", s.sourceId());
        g.writeStringField("session_id", s.sessionId());
        g.writeStringField("agent_kind", s.agentKind());
        g.writeNullField("last_turn_at_in_window");
        writeSummary(g, s);
        g.writeEndObject();
    }

    /**
     * The session, its whole first question, and a first page of its turns oldest first ({@code turns_total} says
     * how many there are; {@code /traces} pages through all of them).
     */
    static void writeDetail(JsonGenerator g, AgentSession s, Page<AgentTurn> turns) throws IOException {
        g.writeStartObject();
        g.writeStringField("source_id", s.sourceId());
        g.writeStringField("session_id", s.sessionId());
        g.writeStringField("agent_kind", s.agentKind());
        writeSummary(g, s);
        g.writeStringField("first_user_input", s.firstUserInput());
        g.writeNumberField("turns_total", turns.total());
        g.writeArrayFieldStart("turns");
        for (AgentTurn t : turns.items()) {
            TraceJson.writeSessionItem(g, t);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeSummary(JsonGenerator g, AgentSession s) throws IOException {
        g.writeNumberField("first_turn_at", Math.floorDiv(s.startTime(), 1000L));
        g.writeNumberField("last_turn_at", Math.floorDiv(s.endTime(), 1000L));
        g.writeNumberField("turn_count", s.turnCount());
        g.writeNumberField("call_count", s.callCount());
        g.writeNumberField("total_input_tokens", s.inputTokens());
        g.writeNumberField("total_output_tokens", s.outputTokens());
        g.writeNumberField("total_cache_read_input_tokens", s.cacheReadInputTokens());
        g.writeNumberField("total_cache_creation_input_tokens", s.cacheCreationInputTokens());
        numberOrNull(g, "total_cost_usd", s.costUsd());
        g.writeStringField("first_user_input_preview", TraceJson.preview(s.firstUserInput()));
        g.writeNullField("first_user_call_id");
        g.writeNumberField("complete_turns", s.completeTurns());
        JsonOutput.stringArray(g, "models_used", s.models());
        g.writeStringField("last_turn_id", s.lastTurnId());
    }
}
