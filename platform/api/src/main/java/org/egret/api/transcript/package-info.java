/**
 * Transcripts: an LLM call's request and response read as one conversation in a wire-neutral shape (system, user,
 * assistant, tool messages; tool calls with their arguments; reasoning; the tools offered). The console renders them
 * and the SFT export writes them as OpenAI-style {@code messages}; each wire API's decoder bundle reads its own.
 * {@link org.egret.api.transcript.TranscriptBuilder} and {@link org.egret.api.transcript.TranscriptBody} hold what
 * every reader does alike (since 1.1.0).
 */
@Export
@Version("1.1.0")
package org.egret.api.transcript;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
