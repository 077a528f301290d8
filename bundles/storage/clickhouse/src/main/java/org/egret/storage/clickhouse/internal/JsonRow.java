package org.egret.storage.clickhouse.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * One JSONEachRow line, written with Jackson's streaming generator. Binary strings (bodies, block lists) go in as
 * their raw bytes with only JSON's escapes: ClickHouse's JSON reader takes any bytes inside a string, which is how a
 * non-UTF-8 body survives the trip (readers fetch such columns through {@code hex()}).
 */
final class JsonRow implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final JsonGenerator g;

    JsonRow() {
        try {
            g = JSON.createGenerator(out, JsonEncoding.UTF8);
            g.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonRow str(String name, String value) {
        try {
            g.writeFieldName(name);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeString(wellFormed(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    JsonRow num(String name, long value) {
        try {
            g.writeNumberField(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    JsonRow num(String name, Integer value) {
        try {
            g.writeFieldName(name);
            if (value == null) {
                g.writeNull();
            } else {
                g.writeNumber(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * A Float64; null, NaN and infinities are NULL (JSON has no such numbers). Written as a plain decimal of the
     * shortest exact digits: ClickHouse 18.16 parses {@code 1.23456895E7} one bit off, but its plain form exactly.
     */
    JsonRow dbl(String name, Double value) {
        try {
            g.writeFieldName(name);
            if (value == null || value.isNaN() || value.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(new BigDecimal(Double.toString(value)).toPlainString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A UInt8 0/1. */
    JsonRow flag(String name, boolean value) {
        return num(name, value ? 1 : 0);
    }

    JsonRow strings(String name, List<String> values) {
        try {
            g.writeArrayFieldStart(name);
            if (values != null) {
                for (String v : values) {
                    g.writeString(v == null ? "" : wellFormed(v));
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    JsonRow longs(String name, long[] values) {
        try {
            g.writeFieldName(name);
            g.writeArray(values, 0, values.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Arbitrary bytes into a String column; null is NULL. */
    JsonRow bytes(String name, byte[] value) {
        try {
            g.writeFieldName(name);
            if (value == null) {
                g.writeNull();
            } else {
                byte[] escaped = escape(value);
                g.writeRawUTF8String(escaped, 0, escaped.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * The string with each unpaired surrogate replaced by '?', as {@code String.getBytes(UTF_8)} does: ClickHouse
     * refuses a lone {@code \uD800} escape, and one such character would otherwise block its table's inserts.
     */
    static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return s;
    }

    /** JSON's string escapes on raw bytes: quote, backslash and control bytes; every other byte as it is. */
    static byte[] escape(byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(value.length + 16);
        for (byte v : value) {
            int c = v & 0xff;
            if (c == '"' || c == '\\') {
                b.write('\\');
                b.write(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.write('\\');
                b.write('u');
                b.write('0');
                b.write('0');
                b.write(HEX[c >> 4]);
                b.write(HEX[c & 0xf]);
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    /** The line, with its newline. */
    byte[] finish() {
        try {
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            // nothing to release beyond the byte buffer
        }
    }
}
