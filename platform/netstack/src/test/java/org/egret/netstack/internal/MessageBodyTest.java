package org.egret.netstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.egret.netstack.NetstackConfig;
import org.egret.netstack.NetstackCounters;
import org.junit.jupiter.api.Test;

/** Kept body bytes: exact whatever the sizes and cuts, blocks reused between bodies without mixing them up. */
class MessageBodyTest {
    private static FlowContext context(int maxBodyBytes) {
        return new FlowContext("t", new NetstackConfig(maxBodyBytes, 16, 1_000_000L, 100), new NetstackCounters(),
                ex -> { });
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Feeds {@code body} in random runs, each inside a larger array that is scribbled over after the call. */
    private static void feed(MessageBody body, byte[] data, Random r) {
        int i = 0;
        while (i < data.length) {
            int n = Math.min(data.length - i, 1 + r.nextInt(r.nextBoolean() ? 40 : 5000));
            byte[] run = new byte[n + 7];
            System.arraycopy(data, i, run, 3, n);
            body.accept(run, 3, n, i);
            java.util.Arrays.fill(run, (byte) 0x55);
            i += n;
        }
    }

    @Test
    void bodiesOfEverySizeAroundTheBlockBoundariesAreKeptExactly() {
        FlowContext ctx = context(16 << 20);
        Random r = new Random(1);
        int[] sizes = {0, 1, 1023, 1024, 1025, 3071, 3072, 3073, 15 * 1024, 15 * 1024 + 1, 31 * 1024, 31 * 1024 + 1,
                100_000, 300_000};
        for (int size : sizes) {
            for (long announced : new long[] {-1, size}) {
                byte[] data = random(r, size);
                MessageBody body = MessageBody.create(ctx, List.of(), List.of(), false, announced);
                feed(body, data, r);
                body.finish(true, 0);
                byte[] kept = body.bytes();
                assertThat(kept).as("size %d announced %d", size, announced).isEqualTo(data);
                assertThat(body.bytes()).isEqualTo(data);
                assertThat(body.decodedLength()).isEqualTo(size);
                assertThat(body.wireLength()).isEqualTo(size);
                assertThat(body.truncated()).isFalse();
            }
        }
    }

    @Test
    void blocksGivenBackAreNotSharedWithBodiesAlreadyHandedOut() {
        FlowContext ctx = context(16 << 20);
        Random r = new Random(2);
        byte[] first = random(r, 50_000);
        MessageBody a = MessageBody.create(ctx, List.of(), List.of(), false);
        feed(a, first, r);
        byte[] keptA = a.bytes();
        byte[] second = random(r, 50_000);
        MessageBody b = MessageBody.create(ctx, List.of(), List.of(), false);
        feed(b, second, r);
        assertThat(b.bytes()).isEqualTo(second);
        assertThat(keptA).isEqualTo(first);
    }

    @Test
    void bytesArrivingAfterTheBodyWasAskedForAreStillKept() {
        FlowContext ctx = context(16 << 20);
        Random r = new Random(3);
        byte[] data = random(r, 40_000);
        MessageBody body = MessageBody.create(ctx, List.of(), List.of(), false);
        body.accept(data, 0, 30_000, 1);
        assertThat(body.bytes()).isEqualTo(java.util.Arrays.copyOf(data, 30_000));
        body.accept(data, 30_000, 10_000, 2);
        assertThat(body.bytes()).isEqualTo(data);
    }

    @Test
    void theCapHoldsForAnnouncedAndUnannouncedLengths() {
        FlowContext ctx = context(5000);
        Random r = new Random(4);
        byte[] data = random(r, 12_345);
        for (long announced : new long[] {-1, 12_345, 3000}) {
            MessageBody body = MessageBody.create(ctx, List.of(), List.of(), false, announced);
            feed(body, data, r);
            body.finish(true, 0);
            assertThat(body.bytes()).isEqualTo(java.util.Arrays.copyOf(data, 5000));
            assertThat(body.decodedLength()).isEqualTo(12_345);
            assertThat(body.truncated()).isTrue();
        }
    }

    @Test
    void nothingIsKeptWhenTheCapIsZero() {
        MessageBody body = MessageBody.create(context(0), List.of(), List.of(), false, 10);
        body.accept(new byte[10], 0, 10, 1);
        body.finish(true, 1);
        assertThat(body.bytes()).isEmpty();
        assertThat(body.truncated()).isTrue();
    }
}
