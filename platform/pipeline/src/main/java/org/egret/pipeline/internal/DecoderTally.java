package org.egret.pipeline.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often the decoders of one wire API were probed and chosen. Kept per wire API name rather than per service, so
 * the counts go on across an update of the decoder's bundle. Written by every worker: adders, not atomics.
 */
final class DecoderTally {
    final LongAdder probes = new LongAdder();
    final LongAdder selected = new LongAdder();
}
