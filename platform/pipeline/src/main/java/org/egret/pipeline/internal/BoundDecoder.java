package org.egret.pipeline.internal;

import org.egret.api.decode.WireApiDecoder;
import org.osgi.framework.Version;

/**
 * A decoder service as one pipeline holds it: the service object, what it claims, where it ranks and its tally.
 * {@link #retired} turns true when the service goes away, so a decode already running on it is counted when it
 * finishes.
 */
final class BoundDecoder {
    final WireApiDecoder decoder;
    final String wireApi;
    final DecoderClaims claims;
    final int ranking;
    final long serviceId;
    /** of the bundle that provides it: of two decoders of one wire API, the newer version serves */
    final Version version;
    final DecoderTally tally;
    volatile boolean retired;

    BoundDecoder(WireApiDecoder decoder, String wireApi, DecoderClaims claims, int ranking, long serviceId,
            Version version, DecoderTally tally) {
        this.decoder = decoder;
        this.wireApi = wireApi;
        this.claims = claims;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.version = version;
        this.tally = tally;
    }

    @Override
    public String toString() {
        return wireApi + " " + version + " (service " + serviceId + ", " + claims + ")";
    }
}
