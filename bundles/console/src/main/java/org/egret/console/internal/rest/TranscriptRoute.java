package org.egret.console.internal.rest;

import org.egret.api.decode.LlmCall;
import org.egret.api.storage.StorageException;
import org.egret.api.transcript.Transcript;

/**
 * {@code GET /api/spans/{id}/transcript}: the call's stored bodies read as one conversation by the reader of its
 * wire API. A call no reader understands is still a 200, with {@code problem} saying why its messages are empty.
 */
final class TranscriptRoute {

    private final StorageAccess storage;
    private final TranscriptReaders readers;

    TranscriptRoute(StorageAccess storage, TranscriptReaders readers) {
        this.storage = storage;
        this.readers = readers;
    }

    ApiResponse transcript(String id) throws ApiException, StorageException {
        LlmCall call = storage.require().findCall(id)
                .orElseThrow(() -> ApiException.notFound("span not found: " + QueryParams.clip(id)));
        Transcript t = readers.read(call);
        return ApiResponse.ok(g -> TranscriptJson.write(g, call, t));
    }
}
