package org.egret.netstack.internal;

import java.util.Arrays;

import org.egret.netstack.NetstackCounter;
import org.egret.netstack.NetstackCounters;

/**
 * One direction of a TCP connection, put back in order. In-order payload goes straight from the frame to the parser;
 * out-of-order segments are copied and held (at most {@code maxSegments}); retransmitted and overlapping bytes are
 * trimmed. A gap that cannot be filled (buffer full, or the flow ends) is skipped: the parser is told how many bytes
 * are missing and carries on after them, so one lost packet never stalls the connection. All sequence arithmetic is
 * modulo 2^32.
 */
final class TcpStream {
    /** Segments further ahead than this are not plausible for this stream and are dropped. */
    private static final int MAX_AHEAD = 1 << 30;

    private final NetstackCounters counters;
    private final HttpStreamParser parser;
    private final int maxSegments;

    private boolean seqKnown;
    private boolean synSeen;
    private int synIsn;
    private int nextSeq;
    private boolean finSeen;
    private int finSeq;
    private boolean ended;

    private int count;
    private int[] segSeq;
    private byte[][] segData;
    private int[] segMissing;
    private int[] segAck;
    private boolean[] segAckValid;
    private long[] segTs;

    TcpStream(NetstackCounters counters, HttpStreamParser parser, int maxSegments) {
        this.counters = counters;
        this.parser = parser;
        this.maxSegments = maxSegments;
    }

    boolean ended() {
        return ended;
    }

    /** True when a SYN with this initial sequence number cannot belong to the connection followed so far. */
    boolean isOtherConnection(int isn) {
        return seqKnown && (!synSeen || isn != synIsn);
    }

    /** SYN seen: the stream's first byte is {@code isn + 1}. */
    void onSyn(int isn) {
        if (!synSeen) {
            synSeen = true;
            synIsn = isn;
        }
        if (!seqKnown) {
            seqKnown = true;
            nextSeq = isn + 1;
        }
    }

    /**
     * A segment of this direction: payload {@code frame[off, off+len)} at {@code seq}, with {@code missing} more bytes
     * the capture cut off. The array is only read during the call.
     */
    void onSegment(int seq, byte[] frame, int off, int len, int missing, boolean fin, int ack, boolean ackValid,
            long ts) {
        if (ended) {
            return;
        }
        int wireLen = len + missing;
        if (!seqKnown) {
            if (wireLen == 0) {
                return;
            }
            seqKnown = true;
            nextSeq = seq;
        }
        if (fin && !finSeen) {
            finSeen = true;
            finSeq = seq + wireLen;
        }
        if (wireLen > 0) {
            int rel = seq - nextSeq;
            if (rel > 0 && parser.isDead()) {
                nextSeq = seq + wireLen; // nothing is parsed any more: just follow the stream
            } else if (rel > 0) {
                if (rel < MAX_AHEAD) {
                    hold(seq, frame, off, len, missing, ack, ackValid, ts);
                }
            } else if (rel + wireLen <= 0) {
                counters.increment(NetstackCounter.TCP_REXMITS_IGNORED);
            } else {
                if (rel < 0) {
                    counters.increment(NetstackCounter.TCP_REXMITS_IGNORED);
                }
                deliver(seq, frame, off, len, missing, ack, ackValid, ts);
                release(ts);
            }
        }
        checkEnd(ts);
    }

    private void deliver(int seq, byte[] frame, int off, int len, int missing, int ack, boolean ackValid, long ts) {
        int skip = nextSeq - seq;
        if (skip > 0) {
            int fromData = Math.min(skip, len);
            off += fromData;
            len -= fromData;
            missing -= skip - fromData;
            seq = nextSeq;
        }
        if (len > 0) {
            nextSeq = seq + len;
            if (!parser.isDead()) {
                parser.onData(frame, off, len, ts, seq, ack, ackValid);
            }
        }
        if (missing > 0) {
            // the capture cut this packet short: its tail is a gap no retransmission will fill
            skipGap(missing, ts);
        }
    }

    private void skipGap(int lost, long ts) {
        counters.increment(NetstackCounter.TCP_GAPS_SKIPPED);
        int gapSeq = nextSeq;
        nextSeq += lost;
        if (!parser.isDead()) {
            parser.onGap(gapSeq, Integer.toUnsignedLong(lost), ts);
        }
    }

    private void hold(int seq, byte[] frame, int off, int len, int missing, int ack, boolean ackValid, long ts) {
        if (parser.isDead()) {
            return;
        }
        if (segSeq == null) {
            int initial = Math.min(maxSegments + 1, 8);
            segSeq = new int[initial];
            segData = new byte[initial][];
            segMissing = new int[initial];
            segAck = new int[initial];
            segAckValid = new boolean[initial];
            segTs = new long[initial];
        }
        int rel = seq - nextSeq;
        int at = 0;
        while (at < count && segSeq[at] - nextSeq < rel) {
            at++;
        }
        if (at < count && segSeq[at] == seq) {
            if (segData[at].length + segMissing[at] >= len + missing) {
                counters.increment(NetstackCounter.TCP_REXMITS_IGNORED);
                return;
            }
            remove(at); // the longer copy replaces it
        }
        if (count == segSeq.length) {
            grow();
        }
        System.arraycopy(segSeq, at, segSeq, at + 1, count - at);
        System.arraycopy(segData, at, segData, at + 1, count - at);
        System.arraycopy(segMissing, at, segMissing, at + 1, count - at);
        System.arraycopy(segAck, at, segAck, at + 1, count - at);
        System.arraycopy(segAckValid, at, segAckValid, at + 1, count - at);
        System.arraycopy(segTs, at, segTs, at + 1, count - at);
        segSeq[at] = seq;
        segData[at] = Arrays.copyOfRange(frame, off, off + len);
        segMissing[at] = missing;
        segAck[at] = ack;
        segAckValid[at] = ackValid;
        segTs[at] = ts;
        count++;
        counters.increment(NetstackCounter.TCP_OOO_BUFFERED);
        while (count > maxSegments) {
            skipGap(segSeq[0] - nextSeq, ts);
            release(ts);
        }
    }

    private void grow() {
        int n = Math.min(segSeq.length * 2, maxSegments + 1);
        segSeq = Arrays.copyOf(segSeq, n);
        segData = Arrays.copyOf(segData, n);
        segMissing = Arrays.copyOf(segMissing, n);
        segAck = Arrays.copyOf(segAck, n);
        segAckValid = Arrays.copyOf(segAckValid, n);
        segTs = Arrays.copyOf(segTs, n);
    }

    private void remove(int at) {
        System.arraycopy(segSeq, at + 1, segSeq, at, count - at - 1);
        System.arraycopy(segData, at + 1, segData, at, count - at - 1);
        System.arraycopy(segMissing, at + 1, segMissing, at, count - at - 1);
        System.arraycopy(segAck, at + 1, segAck, at, count - at - 1);
        System.arraycopy(segAckValid, at + 1, segAckValid, at, count - at - 1);
        System.arraycopy(segTs, at + 1, segTs, at, count - at - 1);
        count--;
        segData[count] = null;
    }

    /**
     * The peer acknowledged up to {@code ack}: it received every byte before it, so any of those the capture lacks
     * were lost by the capture and no retransmission will bring them. They are skipped now instead of waiting for
     * the buffer to fill or the flow to end.
     */
    void onPeerAck(int ack, long ts) {
        while (seqKnown && !ended) {
            int acked = ack - nextSeq;
            if (acked <= 0 || acked >= MAX_AHEAD) {
                return;
            }
            if (count > 0) {
                int skip = Math.min(acked, segSeq[0] - nextSeq);
                skipGap(skip, ts);
                release(ts);
            } else {
                int lost = finSeen && ack - finSeq > 0 ? finSeq - nextSeq : acked;
                if (lost > 0) {
                    skipGap(lost, ts);
                }
                checkEnd(ts);
                return;
            }
        }
    }

    boolean finSeen() {
        return finSeen;
    }

    /** Hands on every held segment that is now in order. */
    private void release(long ts) {
        while (count > 0 && segSeq[0] - nextSeq <= 0) {
            int seq = segSeq[0];
            byte[] data = segData[0];
            int missing = segMissing[0];
            int ack = segAck[0];
            boolean ackValid = segAckValid[0];
            long segTimestamp = segTs[0];
            remove(0);
            int len = data.length;
            if (seq + len + missing - nextSeq <= 0) {
                counters.increment(NetstackCounter.TCP_REXMITS_IGNORED);
                continue;
            }
            // timestamps stay those of the packets that carried the bytes
            deliver(seq, data, 0, len, missing, ack, ackValid, segTimestamp);
        }
    }

    private void checkEnd(long ts) {
        if (finSeen && !ended && nextSeq - finSeq >= 0) {
            ended = true;
            parser.onEnd(StreamEnd.FIN, ts);
        }
    }

    /** The flow is over: skip whatever gaps remain, hand on what is held, and end the parser. */
    void close(StreamEnd why, long ts) {
        if (ended) {
            return;
        }
        while (count > 0) {
            skipGap(segSeq[0] - nextSeq, ts);
            release(ts);
        }
        if (finSeen && finSeq - nextSeq > 0) {
            skipGap(finSeq - nextSeq, ts);
        }
        ended = true;
        parser.onEnd(finSeen ? StreamEnd.FIN : why, ts);
    }
}
