package org.egret.console.internal.rest;

import java.util.List;
import java.util.Optional;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageException;
import org.egret.api.transcript.Transcript;
import org.egret.api.turn.AgentTurn;

/**
 * A turn's conversation as its terminal call holds it: the request history plus the response. The terminal call is
 * the turn's {@code final_call_id}; a turn without one (still in progress, or no call ended it) falls back to its
 * last call with a response. A turn whose terminal call is missing, unreadable or incomplete is skipped with a
 * reason: a training line must never hold half a conversation.
 */
final class TurnTranscripts {

    /** Why a turn yields no line: a short token for headers and a sentence for error messages. */
    record Skip(String reason, String detail) {
    }

    /** The turn's terminal call and its transcript, or why there is none ({@code skip} not null). */
    record Reading(AgentTurn turn, LlmCall call, Transcript transcript, Skip skip) {
        boolean usable() {
            return skip == null;
        }
    }

    private final TranscriptReaders readers;

    TurnTranscripts(TranscriptReaders readers) {
        this.readers = readers;
    }

    Reading read(StorageBackend storage, AgentTurn turn) throws StorageException {
        LlmCall call;
        String finalId = turn.getFinalCallId();
        if (finalId != null) {
            Optional<LlmCall> found = storage.findCall(finalId);
            if (found.isEmpty()) {
                return skipped(turn, null, "terminal_call_not_stored",
                        "its terminal call " + QueryParams.clip(finalId) + " is not stored (yet, or any more)");
            }
            call = found.get();
        } else {
            call = lastAnswered(storage, turn.getCallIds());
            if (call == null) {
                return skipped(turn, null, "no_terminal_call", "none of its calls has a response");
            }
        }
        if (call.getWireApi() == null || readers.find(call.getWireApi()).isEmpty()) {
            return skipped(turn, call, "no_reader", "no transcript reader is installed for wire API '"
                    + call.getWireApi() + "' of its terminal call");
        }
        Transcript t = readers.read(call);
        if (!t.complete()) {
            return skipped(turn, call, "transcript_incomplete",
                    "its terminal call's transcript is incomplete: " + t.problem());
        }
        return new Reading(turn, call, t, null);
    }

    private static LlmCall lastAnswered(StorageBackend storage, List<String> callIds) throws StorageException {
        for (int i = callIds.size() - 1; i >= 0; i--) {
            Optional<LlmCall> c = storage.findCall(callIds.get(i));
            if (c.isPresent() && c.get().getStatusCode() != 0) {
                return c.get();
            }
        }
        return null;
    }

    private static Reading skipped(AgentTurn turn, LlmCall call, String reason, String detail) {
        return new Reading(turn, call, null, new Skip(reason, detail));
    }
}
