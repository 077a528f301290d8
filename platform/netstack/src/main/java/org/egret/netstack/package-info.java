/**
 * Frames to IP/TCP to reassembled byte streams to HTTP/1.1 exchanges and server-sent events.
 *
 * <p>Plain Java and single-threaded per {@link org.egret.netstack.TcpFlowTable}: one worker thread owns a decoder,
 * a flow table and its counters.
 */
@Export
@Version("1.0.0")
package org.egret.netstack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
