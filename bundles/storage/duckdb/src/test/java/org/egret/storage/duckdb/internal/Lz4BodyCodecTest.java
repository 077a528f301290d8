package org.egret.storage.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.egret.storage.conformance.ConformanceTraffic.incompressible;
import static org.egret.storage.conformance.ConformanceTraffic.largeRequest;
import static org.egret.storage.conformance.ConformanceTraffic.largeStream;

import io.airlift.compress.lz4.Lz4Decompressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import org.egret.storage.conformance.ConformanceTraffic;
import org.junit.jupiter.api.Test;

/** The stored form of LZ4 bodies, and what corrupt stored bytes give. */
class Lz4BodyCodecTest {
    private static final String COLUMN = "http_exchanges.response_body_lz4";

    private static byte[] packed(byte[] body) {
        byte[] stored = new Lz4BodyCodec().pack(body);
        assertThat(stored).as("packed").isNotNull();
        return stored;
    }

    private static byte[] withLength(byte[] stored, long length) {
        byte[] copy = stored.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) length);
        return copy;
    }

    @Test
    void requestJsonAndSseStreamsShrinkAndComeBackWhole() throws Exception {
        Lz4BodyCodec codec = new Lz4BodyCodec();
        byte[] request = largeRequest(1).getBytes(StandardCharsets.UTF_8);
        byte[] stream = largeStream(1);
        byte[] bigger = largeRequest(2).repeat(40).getBytes(StandardCharsets.UTF_8); // grows the reused buffer

        for (byte[] body : new byte[][] {request, stream, bigger, request}) {
            byte[] stored = codec.pack(body);
            assertThat(stored).isNotNull();
            assertThat(Lz4BodyCodec.unpack(stored, COLUMN)).isEqualTo(body);
        }
        assertThat(codec.pack(request).length).isLessThan(request.length / 2);
        assertThat(codec.pack(stream).length).isLessThan(stream.length / 10);
    }

    @Test
    void theStoredFormIsTheLengthLittleEndianThenOneLz4Block() {
        byte[] body = largeRequest(3).getBytes(StandardCharsets.UTF_8);

        byte[] stored = packed(body);

        assertThat(ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getInt(0)).isEqualTo(body.length);
        byte[] plain = new byte[body.length];
        int n = new Lz4Decompressor().decompress(stored, 4, stored.length - 4, plain, 0, plain.length);
        assertThat(n).isEqualTo(body.length);
        assertThat(plain).isEqualTo(body);
    }

    @Test
    void smallHugeAndIncompressibleBodiesAreLeftAsTheyAre() {
        Lz4BodyCodec codec = new Lz4BodyCodec();
        byte[] compressible = largeRequest(4).getBytes(StandardCharsets.UTF_8);

        assertThat(codec.pack(null)).isNull();
        assertThat(codec.pack(new byte[0])).isNull();
        assertThat(codec.pack(Arrays.copyOf(compressible, Lz4BodyCodec.MIN_BYTES - 1))).isNull();
        assertThat(codec.pack(Arrays.copyOf(compressible, Lz4BodyCodec.MIN_BYTES))).isNotNull();
        assertThat(codec.pack(incompressible(50_000))).isNull();
        assertThat(codec.pack(new byte[Lz4BodyCodec.MAX_BYTES + 1])).isNull();
        byte[] largest = new byte[Lz4BodyCodec.MAX_BYTES];
        assertThat(codec.pack(largest)).isNotNull().hasSizeLessThan(1 << 20)
                .satisfies(stored -> assertThat(Lz4BodyCodec.unpack(stored, COLUMN)).isEqualTo(largest));
    }

    @Test
    void aBodyMustShrinkByAnEighthToBeStoredCompressed() {
        Random random = new Random(11);
        byte[] mostlyRandom = incompressible(16_000);
        Arrays.fill(mostlyRandom, 0, 1_000, (byte) 'a'); // saves ~6%: not enough
        byte[] halfRandom = incompressible(16_000);
        Arrays.fill(halfRandom, 0, 8_000, (byte) random.nextInt());

        assertThat(new Lz4BodyCodec().pack(mostlyRandom)).isNull();
        assertThat(new Lz4BodyCodec().pack(halfRandom)).isNotNull().hasSizeLessThan(9_000);
    }

    @Test
    void tooShortOrOverlongStoredValuesAreRefusedBeforeAnythingIsAllocated() {
        byte[] stored = packed(largeStream(5));

        for (int n = 0; n <= 4; n++) {
            byte[] cut = Arrays.copyOf(stored, n);
            assertThatThrownBy(() -> Lz4BodyCodec.unpack(cut, COLUMN)).isInstanceOf(SQLException.class)
                    .hasMessage(COLUMN + " holds " + n + " bytes, too few for a length and an LZ4 block");
        }
        assertThatThrownBy(() -> Lz4BodyCodec.unpack(withLength(stored, 0xffff_ffffL), COLUMN))
                .isInstanceOf(SQLException.class)
                .hasMessage(COLUMN + " claims a body of 4294967295 bytes, more than its " + (stored.length - 4)
                        + " bytes of LZ4 can hold");
        byte[] large = withLength(incompressible(300_000), Lz4BodyCodec.MAX_BYTES + 1L);
        assertThatThrownBy(() -> Lz4BodyCodec.unpack(large, COLUMN)).isInstanceOf(SQLException.class)
                .hasMessage(COLUMN + " claims a body of 67108865 bytes, more than the 67108864 stored compressed");
        // within MAX_BYTES, but more than 255 times the block
        assertThatThrownBy(() -> Lz4BodyCodec.unpack(withLength(stored, 255L * (stored.length - 4) + 1), COLUMN))
                .isInstanceOf(SQLException.class).hasMessageContaining("more than its");
    }

    @Test
    void aWrongLengthOrACutBlockIsAClearError() throws Exception {
        byte[] body = largeRequest(6).getBytes(StandardCharsets.UTF_8);
        byte[] stored = packed(body);

        assertThatThrownBy(() -> Lz4BodyCodec.unpack(withLength(stored, body.length + 1L), COLUMN))
                .isInstanceOf(SQLException.class).hasMessageStartingWith(COLUMN + " ");
        assertThatThrownBy(() -> Lz4BodyCodec.unpack(withLength(stored, body.length - 1L), COLUMN))
                .isInstanceOf(SQLException.class).hasMessageStartingWith(COLUMN + " ");
        assertThatThrownBy(() -> Lz4BodyCodec.unpack(withLength(stored, 0), COLUMN))
                .isInstanceOf(SQLException.class).hasMessageStartingWith(COLUMN + " ");
        for (int n = 5; n < stored.length; n += 1 + n / 50) {
            byte[] cut = Arrays.copyOf(stored, n);
            assertThatThrownBy(() -> Lz4BodyCodec.unpack(cut, COLUMN)).as("cut at %d", n)
                    .isInstanceOf(SQLException.class).hasMessageStartingWith(COLUMN + " ");
        }
        assertThat(Lz4BodyCodec.unpack(stored, COLUMN)).isEqualTo(body);
    }

    /** LZ4 has no checksum, so a flipped byte may decode to other bytes: then of the length stored, never a crash. */
    @Test
    void garbageGivesAnSqlExceptionOrABodyOfTheStoredLengthNeverAnythingElse() {
        Random random = new Random(3);
        byte[] stored = packed(largeStream(7));
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] corrupt = stored.clone();
            if (i % 2 == 0) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    corrupt[4 + random.nextInt(corrupt.length - 4)] = (byte) random.nextInt();
                }
            } else {
                corrupt = new byte[5 + random.nextInt(300)];
                random.nextBytes(corrupt);
                corrupt = withLength(corrupt, random.nextInt(4 * corrupt.length));
            }
            try {
                byte[] body = Lz4BodyCodec.unpack(corrupt, COLUMN);
                assertThat(body).hasSize(ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
            } catch (SQLException e) {
                assertThat(e.getMessage()).startsWith(COLUMN + " ");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(10_000);
    }
}
