package org.egret.netstack.internal;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** gzip (RFC 1952), incrementally, including concatenated members; CRC and length of each member are checked. */
final class GzipDecoder extends ContentDecoder {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private enum Step { MAGIC1, MAGIC2, METHOD, FLAGS, FIXED, XLEN1, XLEN2, EXTRA, NAME, COMMENT, HCRC, DATA, TRAILER, TRAILING }

    private final String coding;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[32 * 1024];
    private final byte[] trailer = new byte[8];
    private Step step = Step.MAGIC1;
    private int flags;
    private int counter;
    private long memberSize;
    private boolean anyMember;
    private boolean fed;

    GzipDecoder(String coding) {
        this.coding = coding;
    }

    @Override
    String coding() {
        return coding;
    }

    @Override
    void feed(byte[] b, int off, int len, long ts, BodyBytes sink) throws CorruptBodyException {
        fed |= len > 0;
        int end = off + len;
        int i = off;
        while (i < end) {
            if (step == Step.DATA) {
                i = inflate(b, i, end, ts, sink);
                continue;
            }
            int v = b[i++] & 0xFF;
            switch (step) {
                case MAGIC1 -> step = expect(v, 0x1F, Step.MAGIC2);
                case MAGIC2 -> step = expect(v, 0x8B, Step.METHOD);
                case METHOD -> step = expect(v, 8, Step.FLAGS);
                case FLAGS -> {
                    flags = v;
                    counter = 6;
                    step = Step.FIXED;
                }
                case FIXED -> {
                    if (--counter == 0) {
                        step = afterFixed();
                    }
                }
                case XLEN1 -> {
                    counter = v;
                    step = Step.XLEN2;
                }
                case XLEN2 -> {
                    counter |= v << 8;
                    step = counter == 0 ? afterExtra() : Step.EXTRA;
                }
                case EXTRA -> {
                    if (--counter == 0) {
                        step = afterExtra();
                    }
                }
                case NAME -> {
                    if (v == 0) {
                        step = afterName();
                    }
                }
                case COMMENT -> {
                    if (v == 0) {
                        step = afterComment();
                    }
                }
                case HCRC -> {
                    if (--counter == 0) {
                        startMember();
                    }
                }
                case TRAILER -> {
                    trailer[counter++] = (byte) v;
                    if (counter == 8) {
                        checkTrailer();
                        step = Step.TRAILING;
                    }
                }
                case TRAILING -> {
                    // another member may follow; zero padding after the last member is tolerated
                    if (v == 0x1F) {
                        step = Step.MAGIC2;
                    } else if (v != 0) {
                        throw new CorruptBodyException(coding(), "has trailing garbage");
                    }
                }
                default -> throw new IllegalStateException(step.name());
            }
        }
    }

    private Step expect(int v, int wanted, Step next) throws CorruptBodyException {
        if (v != wanted) {
            throw new CorruptBodyException(coding(), step == Step.METHOD ? "uses an unknown compression method" : "is not gzip");
        }
        return next;
    }

    private Step afterFixed() {
        if ((flags & FEXTRA) != 0) {
            return Step.XLEN1;
        }
        return afterExtra();
    }

    private Step afterExtra() {
        return (flags & FNAME) != 0 ? Step.NAME : afterName();
    }

    private Step afterName() {
        return (flags & FCOMMENT) != 0 ? Step.COMMENT : afterComment();
    }

    private Step afterComment() {
        if ((flags & FHCRC) != 0) {
            counter = 2;
            return Step.HCRC;
        }
        startMember();
        return step;
    }

    private void startMember() {
        inflater.reset();
        crc.reset();
        memberSize = 0;
        anyMember = true;
        step = Step.DATA;
    }

    private int inflate(byte[] b, int i, int end, long ts, BodyBytes sink) throws CorruptBodyException {
        inflater.setInput(b, i, end - i);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    crc.update(out, 0, n);
                    memberSize += n;
                    sink.accept(out, 0, n, ts);
                }
                if (inflater.finished()) {
                    counter = 0;
                    step = Step.TRAILER;
                    return end - inflater.getRemaining();
                }
                if (inflater.needsInput()) {
                    return end;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new CorruptBodyException(coding(), "is corrupt");
                }
            }
        } catch (DataFormatException e) {
            throw new CorruptBodyException(coding(), "is corrupt");
        }
    }

    private void checkTrailer() throws CorruptBodyException {
        long wantCrc = le32(0);
        long wantSize = le32(4);
        if (wantCrc != crc.getValue() || wantSize != (memberSize & 0xFFFFFFFFL)) {
            throw new CorruptBodyException(coding(), "fails its checksum");
        }
    }

    private long le32(int at) {
        return (trailer[at] & 0xFFL) | (trailer[at + 1] & 0xFFL) << 8 | (trailer[at + 2] & 0xFFL) << 16
                | (trailer[at + 3] & 0xFFL) << 24;
    }

    @Override
    void finish(boolean complete, long ts, BodyBytes sink) throws CorruptBodyException {
        if (complete && fed && (step != Step.TRAILING || !anyMember)) {
            throw new CorruptBodyException(coding(), "is truncated");
        }
    }

    @Override
    void release() {
        inflater.end();
    }
}
