package org.egret.api.packet;

/**
 * How far a source has come.
 *
 * @param bytesRead    bytes consumed from the input so far
 * @param bytesTotal   total input size, or -1 when unbounded (live capture)
 * @param packets      frames delivered
 * @param damaged      records skipped because they were malformed or truncated
 * @param finished     true once the input has ended
 */
public record SourceProgress(long bytesRead, long bytesTotal, long packets, long damaged, boolean finished) {
}
