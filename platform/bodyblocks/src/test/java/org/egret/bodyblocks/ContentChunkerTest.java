package org.egret.bodyblocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentChunkerTest {

    @Test
    void blocksCoverTheBodyInOrderWithinTheSizeBounds() {
        byte[] body = random(1_000_000, 1);
        List<Chunk> chunks = ContentChunker.split(body);
        int at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertThat(c.offset()).isEqualTo(at);
            assertThat(c.length()).isLessThanOrEqualTo(ContentChunker.MAX_BLOCK);
            if (i < chunks.size() - 1) {
                assertThat(c.length()).isGreaterThan(ContentChunker.MIN_BLOCK);
            }
            assertThat(c.id()).isEqualTo(BlockId.of(body, c.offset(), c.length()));
            at += c.length();
        }
        assertThat(at).isEqualTo(body.length);
        // normalized chunking keeps the average near 8 KiB (random data: about 1,000,000 / 8 KiB blocks)
        assertThat(chunks.size()).isBetween(60, 180);
    }

    @Test
    void emptyAndSmallBodies() {
        assertThat(ContentChunker.split(new byte[0])).isEmpty();
        byte[] small = "{\"model\":\"gpt-4o\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ContentChunker.split(small)).singleElement()
                .satisfies(c -> assertThat(c.length()).isEqualTo(small.length));
    }

    @Test
    void aConversationReSentWithOneMoreMessageSharesAlmostAllItsBlocks() {
        StringBuilder history = new StringBuilder();
        Random r = new Random(7);
        Set<BlockId> stored = new HashSet<>();
        long captured = 0;
        long storedBytes = 0;
        for (int turn = 0; turn < 40; turn++) {
            history.append("{\"role\":\"user\",\"content\":\"").append(words(r, 300)).append("\"},");
            history.append("{\"role\":\"assistant\",\"content\":\"").append(words(r, 500)).append("\"},");
            // the tools and settings come after the messages, as Claude Code and the OpenAI SDK send them
            byte[] request = ("{\"model\":\"claude-sonnet-4-5\",\"messages\":[" + history + "{\"role\":\"user\"}],"
                    + "\"tools\":[" + "{\"name\":\"Bash\",\"description\":\"" + words(new Random(1), 2000) + "\"}"
                    + "],\"stream\":true}").getBytes(StandardCharsets.UTF_8);
            captured += request.length;
            for (Chunk c : ContentChunker.split(request)) {
                if (stored.add(c.id())) {
                    storedBytes += c.length();
                }
            }
        }
        // 40 requests re-sending a growing conversation: stored is a small fraction of what was sent
        assertThat((double) storedBytes / captured).isLessThan(0.2);
    }

    @Test
    void aChangeInTheMiddleLeavesTheBlocksBeforeAndAfterAlone() {
        byte[] a = random(300_000, 3);
        byte[] b = a.clone();
        b[150_000] ^= 0x55;
        Set<BlockId> before = ids(ContentChunker.split(a));
        List<Chunk> after = ContentChunker.split(b);
        long changed = after.stream().filter(c -> !before.contains(c.id())).count();
        assertThat(changed).isBetween(1L, 2L);
    }

    @Test
    void anInsertionResynchronizes() {
        byte[] a = random(300_000, 4);
        byte[] b = new byte[a.length + 17];
        System.arraycopy(a, 0, b, 0, 100_000);
        System.arraycopy(a, 100_000, b, 100_017, a.length - 100_000);
        Set<BlockId> before = ids(ContentChunker.split(a));
        long changed = ContentChunker.split(b).stream().filter(c -> !before.contains(c.id())).count();
        assertThat(changed).isBetween(1L, 3L);
    }

    @Test
    void roundTripThroughTheEncodedListIsByteForByte() throws Exception {
        for (int size : new int[] {1, 2048, 2049, 70_000, 1_234_567}) {
            byte[] body = random(size, size);
            List<Chunk> chunks = ContentChunker.split(body);
            Map<BlockId, byte[]> store = new HashMap<>();
            chunks.forEach(c -> store.put(c.id(), c.copyOf(body)));
            BlockedBody list = BlockedBody.decode(BlockedBody.of(chunks).encode());
            assertThat(list.length()).isEqualTo(size);
            assertThat(list.assemble(store::get)).isEqualTo(body);
        }
    }

    @Test
    void aMissingOrDamagedBlockIsFoundOut() {
        byte[] body = random(50_000, 9);
        List<Chunk> chunks = ContentChunker.split(body);
        BlockedBody list = BlockedBody.of(chunks);
        Map<BlockId, byte[]> store = new HashMap<>();
        chunks.forEach(c -> store.put(c.id(), c.copyOf(body)));
        byte[] damaged = store.get(chunks.get(0).id()).clone();
        damaged[10] ^= 1;
        store.put(chunks.get(0).id(), damaged);
        assertThatThrownBy(() -> list.assemble(store::get)).isInstanceOf(MissingBlockException.class)
                .hasMessageContaining("damaged");
        store.clear();
        assertThatThrownBy(() -> list.assemble(store::get)).isInstanceOf(MissingBlockException.class)
                .hasMessageContaining("not stored");
    }

    @Test
    void aDamagedListIsRejected() {
        byte[] encoded = BlockedBody.of(ContentChunker.split(random(20_000, 5))).encode();
        byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 3);
        assertThatThrownBy(() -> BlockedBody.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        byte[] other = encoded.clone();
        other[0] = 9;
        assertThatThrownBy(() -> BlockedBody.decode(other)).hasMessageContaining("format");
    }

    @Test
    void blockIdsAreSha256() {
        // FIPS 180-2 test vector
        assertThat(BlockId.of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        BlockId id = BlockId.of(new byte[] {1, 2, 3});
        assertThat(BlockId.fromBytes(id.bytes())).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(BlockId.fromHex(id.hex())).isEqualTo(id);
        assertThatThrownBy(() -> BlockId.fromBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<BlockId> ids(List<Chunk> chunks) {
        Set<BlockId> s = new HashSet<>();
        chunks.forEach(c -> s.add(c.id()));
        return s;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String words(Random r, int n) {
        String[] vocabulary = {"the", "file", "tool", "read", "grep", "function", "result", "error", "test", "build",
            "patch", "agent", "model", "token", "stream", "cache", "session", "user", "assistant", "json"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(vocabulary[r.nextInt(vocabulary.length)]).append(r.nextInt(100)).append(' ');
        }
        return sb.toString();
    }
}
