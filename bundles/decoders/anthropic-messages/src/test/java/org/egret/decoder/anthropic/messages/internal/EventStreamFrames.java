package org.egret.decoder.anthropic.messages.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/** Writes {@code application/vnd.amazon.eventstream} frames as Bedrock sends them, for tests. */
final class EventStreamFrames {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A {@code chunk} event whose payload carries one Anthropic stream event, base64-encoded. */
    EventStreamFrames chunk(String eventJson) {
        String b64 = Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8));
        return frame(payload("{\"bytes\":\"" + b64 + "\",\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGH\"}"),
                ":event-type", "chunk", ":content-type", "application/json", ":message-type", "event");
    }

    EventStreamFrames exception(String type, String message) {
        return frame(payload("{\"message\":\"" + message + "\"}"), ":exception-type", type, ":content-type",
                "application/json", ":message-type", "exception");
    }

    EventStreamFrames raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] payload(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    EventStreamFrames frame(byte[] payload, String... stringHeaders) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (int i = 0; i < stringHeaders.length; i += 2) {
            byte[] name = stringHeaders[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = stringHeaders[i + 1].getBytes(StandardCharsets.UTF_8);
            headers.write(name.length);
            headers.writeBytes(name);
            headers.write(7);
            headers.write(value.length >> 8);
            headers.write(value.length & 0xff);
            headers.writeBytes(value);
        }
        byte[] h = headers.toByteArray();
        int total = 12 + h.length + payload.length + 4;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(h.length);
        b.putInt((int) crc(b.array(), 0, 8));
        b.put(h).put(payload);
        b.putInt((int) crc(b.array(), 0, total - 4));
        out.writeBytes(b.array());
        return this;
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, from, length);
        return c.getValue();
    }
}
