package org.egret.decoder.anthropic.messages.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Splits an {@code application/vnd.amazon.eventstream} body into its messages. Each is a 12-byte prelude (total
 * length, headers length, CRC32 of those 8 bytes), typed headers, the payload, and a CRC32 of everything before it.
 * A frame cut off at the end, or one whose prelude fails its CRC (its lengths cannot be trusted), ends the split.
 *
 * @param frames  the whole, intact frames in order
 * @param problem null when the body split cleanly; otherwise why it did not, for the user
 */
record BedrockEventStream(List<BedrockFrame> frames, String problem) {

    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final int PRELUDE = 12;
    private static final int MIN_FRAME = PRELUDE + 4;
    /** Bedrock's frames are small; the spec's upper bound guards against a garbage length. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    static BedrockEventStream split(byte[] body) {
        List<BedrockFrame> frames = new ArrayList<>();
        String problem = null;
        int pos = 0;
        int badCrc = 0;
        while (pos < body.length) {
            if (body.length - pos < PRELUDE) {
                problem = "event stream cut off mid-frame";
                break;
            }
            long total = u32(body, pos);
            long headersLength = u32(body, pos + 4);
            if (crc(body, pos, 8) != u32(body, pos + 8)) {
                problem = "event stream frame " + frames.size() + " has a damaged prelude";
                break;
            }
            if (total < MIN_FRAME || total > MAX_FRAME || headersLength > total - MIN_FRAME) {
                problem = "event stream frame " + frames.size() + " has impossible lengths";
                break;
            }
            int end = pos + (int) total;
            if (end > body.length) {
                problem = "event stream cut off mid-frame";
                break;
            }
            if (crc(body, pos, (int) total - 4) != u32(body, end - 4)) {
                badCrc++;
                pos = end;
                continue;
            }
            int headersEnd = pos + PRELUDE + (int) headersLength;
            frames.add(frame(body, pos + PRELUDE, headersEnd, Arrays.copyOfRange(body, headersEnd, end - 4), end - 1));
            pos = end;
        }
        if (problem == null && badCrc > 0) {
            problem = badCrc + " event stream frame(s) failed their CRC and were skipped";
        }
        return new BedrockEventStream(List.copyOf(frames), problem);
    }

    /** True when the body starts like a frame: a plausible prelude whose CRC holds. */
    static boolean looksLikeEventStream(byte[] body) {
        if (body == null || body.length < MIN_FRAME) {
            return false;
        }
        long total = u32(body, 0);
        return total >= MIN_FRAME && total <= MAX_FRAME && crc(body, 0, 8) == u32(body, 8);
    }

    private static BedrockFrame frame(byte[] b, int pos, int end, byte[] payload, long lastByte) {
        String messageType = null;
        String eventType = null;
        String exceptionType = null;
        while (pos < end) {
            int nameLength = b[pos] & 0xff;
            if (pos + 1 + nameLength + 1 > end) {
                break;
            }
            String name = new String(b, pos + 1, nameLength, StandardCharsets.UTF_8);
            pos += 1 + nameLength;
            int valueType = b[pos++] & 0xff;
            int length = valueLength(b, pos, end, valueType);
            if (length < 0) {
                break; // an unknown header type: its length, and so everything after it, is unknown
            }
            if (valueType == 7) {
                String value = new String(b, pos + 2, length - 2, StandardCharsets.UTF_8);
                switch (name) {
                    case ":message-type" -> messageType = value;
                    case ":event-type" -> eventType = value;
                    case ":exception-type", ":error-code" -> exceptionType = value;
                    default -> {
                        // :content-type and the like say nothing we need
                    }
                }
            }
            pos += length;
        }
        return new BedrockFrame(messageType, eventType, exceptionType, payload, lastByte);
    }

    /** Bytes a header value of the given type takes, -1 when unknown or past the headers' end. */
    private static int valueLength(byte[] b, int pos, int end, int type) {
        int length = switch (type) {
            case 0, 1 -> 0;
            case 2 -> 1;
            case 3 -> 2;
            case 4 -> 4;
            case 5, 8 -> 8;
            case 9 -> 16;
            case 6, 7 -> pos + 2 <= end ? 2 + ((b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff)) : -1;
            default -> -1;
        };
        return length < 0 || pos + length > end ? -1 : length;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 c = new CRC32();
        c.update(b, from, length);
        return c.getValue();
    }
}
