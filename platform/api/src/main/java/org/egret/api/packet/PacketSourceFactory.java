package org.egret.api.packet;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Opens packet sources of one type. Registered as a service with the property {@code egret.source.type} (see
 * {@link SourceType}).
 */
@ConsumerType
public interface PacketSourceFactory {

    /** Service property naming the source type, e.g. {@code pcap-file}. */
    String TYPE_PROPERTY = "egret.source.type";

    /**
     * @param location what to read: a file path, an interface name, an endpoint
     * @param options  type-specific options (e.g. {@code bpf}, {@code snaplen}); unknown keys are ignored
     * @throws SourceException when the location cannot be opened (missing file, not a capture, …)
     */
    PacketSource open(String location, Map<String, String> options) throws SourceException;
}
