package org.egret.decoder.openai.chat.internal;

import java.util.Arrays;

/**
 * Reads the usual stream chunk — identity, choices with text or tool-call deltas, a finish reason, a null usage —
 * straight from the event text. A Jackson parser per event (its context, symbol table and text buffers) cost more
 * than all the rest of the pipeline per event, and a stream is hundreds of events.
 *
 * <p>It declines, and applies nothing, whatever it is not sure to read exactly as {@link CompletionReader} does:
 * malformed JSON, a {@code usage} or {@code error} object, top-level error fields, a legacy {@code function_call},
 * object arguments, escaped keys, an index that is not a plain int, deep nesting. The caller then reads that chunk
 * with {@link CompletionReader}, so either way a chunk has the same effect. What it reads is staged and applied only
 * once the whole object has been read, so a chunk that breaks off part way is declined whole.
 *
 * <p>One instance per stream: not thread-safe.
 */
final class StreamChunkScanner {
    private static final int MAX_CHOICES = 4;
    private static final int MAX_DEPTH = 64;
    /** Longer events go to Jackson, whose length limits decide them. */
    private static final int MAX_LENGTH = 1 << 20;
    private static final int MAX_NUMBER_LENGTH = 100;
    /** Far below Jackson's limit on names (50,000 chars by default): no real key comes near either. */
    private static final int MAX_KEY_LENGTH = 1000;
    /**
     * Jackson fails a document whose names collide in a chain of more than 150 in its symbol table, which takes
     * more names than this; a real chunk has fewer than 30.
     */
    private static final int MAX_KEYS = 100;

    /** Thrown to decline; preallocated and stackless: declining is control flow, not an error. */
    private static final class Decline extends RuntimeException {
        Decline() {
            super(null, null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();

    private final ChoiceFragment[] fragments = new ChoiceFragment[MAX_CHOICES];
    private int fragmentCount;
    private String s;
    /** s's chars: scanning an array is several times faster than String.charAt */
    private char[] b = new char[1024];
    private int end;
    /** whether the last string scanned held an escape */
    private boolean escaped;
    /** index after the value read by the last {@link #stringOrNull}: saves returning a pair */
    private int afterValue;
    /** index after the bracket that {@link #first} or {@link #next} found closing */
    private int closedAt;

    /** the top-level values read so far in this chunk */
    private final Envelope top = new Envelope();
    /**
     * The text before {@code "choices"} of the last chunk that had it, and what it staged: a stream repeats the same
     * envelope (id, object, created, model, fingerprint) on every chunk, so a chunk that starts with the same text
     * stages the same and is read on from there. Compared as arrays, which the JIT does many chars at a time.
     */
    private char[] prefix = new char[0];
    private final Envelope prefixEnvelope = new Envelope();
    /** where this chunk's {@code "choices"} key starts, -1 when not (yet) seen with nothing staged before it */
    private int choicesAt;
    /** keys read so far in this chunk; how many the remembered prefix holds, and this chunk's up to "choices" */
    private int keys;
    private int prefixKeys;
    private int keysAtChoices;
    private final Envelope atChoices = new Envelope();

    /** A string value's place in the text, [start, end), and whether it holds escapes; empty when start == end. */
    private static final class Span {
        int start;
        int end;
        boolean escaped;

        boolean isEmpty() {
            return start == end;
        }

        void set(int start, int end, boolean escaped) {
            this.start = start;
            this.end = end;
            this.escaped = escaped;
        }

        void copyFrom(Span o) {
            set(o.start, o.end, o.escaped);
        }

        String text(String data) {
            return StreamChunkScanner.text(data, start, end, escaped);
        }

        /** Whether {@code current} is this span's text already (then no new String is needed). */
        boolean hasText(String data, String current) {
            return current != null && !escaped && current.length() == end - start && data.startsWith(current, start);
        }
    }

    /** Staged top-level values. */
    private static final class Envelope {
        final Span id = new Span();
        final Span model = new Span();
        final Span fingerprint = new Span();
        final Span object = new Span();
        long created;
        /** 0: no {@code object} field; 1: a string, in {@link #object}; 2: something else (sets null) */
        int objectState;

        void reset() {
            id.set(0, 0, false);
            model.set(0, 0, false);
            fingerprint.set(0, 0, false);
            created = 0;
            objectState = 0;
        }

        void copyFrom(Envelope o) {
            id.copyFrom(o.id);
            model.copyFrom(o.model);
            fingerprint.copyFrom(o.fingerprint);
            object.copyFrom(o.object);
            created = o.created;
            objectState = o.objectState;
        }
    }

    private boolean carriedOutput;

    StreamChunkScanner() {
        for (int i = 0; i < MAX_CHOICES; i++) {
            fragments[i] = new ChoiceFragment();
        }
    }

    /**
     * Reads {@code data} (an event's JSON text, no leading or trailing white space) into {@code acc}.
     *
     * @return false when declined: nothing was applied and the chunk is the caller's to read
     */
    boolean read(String data, CompletionAccumulator acc) {
        if (data.length() > MAX_LENGTH) {
            return false;
        }
        s = data;
        end = data.length();
        if (b.length <= end) {
            b = new char[Math.max(end + 1, 2 * b.length)];
        }
        data.getChars(0, end, b, 0);
        b[end] = 0; // a sentinel: a string or an escape running off the end meets a control character
        top.reset();
        fragmentCount = 0;
        choicesAt = -1;
        keys = 0;
        try {
            int i = topLevel(0);
            if (ws(i) != end) {
                return false;
            }
        } catch (Decline | IndexOutOfBoundsException e) {
            return false;
        } finally {
            s = null;
        }
        commit(data, acc);
        if (choicesAt > 0 && choicesAt != prefix.length) {
            prefix = Arrays.copyOf(b, choicesAt);
            prefixEnvelope.copyFrom(atChoices);
            prefixKeys = keysAtChoices;
        }
        return true;
    }

    /** Whether the last chunk read carried model output (text, reasoning, refusal or tool-call data). */
    boolean carriedOutput() {
        return carriedOutput;
    }

    private void commit(String data, CompletionAccumulator acc) {
        if (acc.id == null && !top.id.isEmpty()) {
            acc.id = top.id.text(data);
        }
        if (acc.model == null && !top.model.isEmpty()) {
            acc.model = top.model.text(data);
        }
        if (acc.systemFingerprint == null && !top.fingerprint.isEmpty()) {
            acc.systemFingerprint = top.fingerprint.text(data);
        }
        if (top.created != 0) {
            acc.offerCreated(top.created);
        }
        Span object = top.object;
        if (top.objectState == 2) {
            acc.object = null;
        } else if (top.objectState == 1 && !object.hasText(data, acc.object)) {
            acc.object = object.text(data);
        }
        boolean output = false;
        for (int i = 0; i < fragmentCount; i++) {
            output |= acc.apply(fragments[i], true);
        }
        carriedOutput = output;
    }

    private int topLevel(int i) {
        int n = prefix.length;
        if (n > 0 && n < end && Arrays.equals(b, 0, n, prefix, 0, n)) {
            top.copyFrom(prefixEnvelope);
            keys = prefixKeys;
            i = n;
        } else {
            i = ws(i);
            expect(i, '{');
            i = first(i, '}');
            if (i < 0) {
                return closedAt;
            }
        }
        while (true) {
            int ks = i + 1;
            int ke = key(i);
            if (choicesAt < 0 && fragmentCount == 0 && ke - ks == 7 && s.startsWith("choices", ks)) {
                choicesAt = i;
                atChoices.copyFrom(top);
                keysAtChoices = keys - 1; // "choices" itself is read again after the prefix
            }
            i = next(topLevelValue(ks, ke - ks, valueAfter(ke)), '}');
            if (i < 0) {
                return closedAt;
            }
        }
    }

    /** One top-level member's value at {@code i}; returns the index after it. */
    private int topLevelValue(int ks, int klen, int i) {
        char c = at(i);
        switch (klen) {
            case 2 -> {
                if (s.startsWith("id", ks) && c == '"') {
                    return stageFirst(top.id, i);
                }
            }
            case 4 -> {
                if (s.startsWith("type", ks) || s.startsWith("code", ks)) {
                    throw DECLINE;
                }
            }
            case 5 -> {
                if (s.startsWith("model", ks) && c == '"') {
                    return stageFirst(top.model, i);
                }
                if (s.startsWith("usage", ks)) {
                    if (c == '{') {
                        throw DECLINE;
                    }
                } else if (s.startsWith("error", ks)) {
                    if (c == '{' || c == '"') {
                        throw DECLINE;
                    }
                }
            }
            case 6 -> {
                if (s.startsWith("object", ks)) {
                    if (c == '"') {
                        int e = stringEnd(i + 1);
                        top.objectState = 1;
                        top.object.set(i + 1, e, escaped);
                        return e + 1;
                    }
                    top.objectState = 2;
                } else if (s.startsWith("detail", ks)) {
                    throw DECLINE;
                }
            }
            case 7 -> {
                if (s.startsWith("choices", ks)) {
                    if (c == '[') {
                        return choices(i);
                    }
                } else if (s.startsWith("created", ks)) {
                    return createdValue(i, c);
                } else if (s.startsWith("message", ks)) {
                    throw DECLINE;
                }
            }
            case 18 -> {
                if (s.startsWith("system_fingerprint", ks) && c == '"') {
                    return stageFirst(top.fingerprint, i);
                }
            }
            default -> {
            }
        }
        return skipValue(i, 1);
    }

    /** The string at {@code i} into {@code span} unless it holds a non-empty one: the first non-empty value wins. */
    private int stageFirst(Span span, int i) {
        int e = stringEnd(i + 1);
        if (span.isEmpty()) {
            span.set(i + 1, e, escaped);
        }
        return e + 1;
    }

    /** {@code created}: CompletionReader takes a long and ignores null; anything else is declined. */
    private int createdValue(int i, char c) {
        if (c == 'n') {
            return literal(i, "null");
        }
        int e = numberEnd(i);
        long v = plainLong(i, e, 18);
        if (top.created == 0) {
            top.created = v;
        }
        return e;
    }

    private int choices(int i) {
        i = first(i, ']');
        int position = 0;
        while (i >= 0) {
            if (at(i) == '{') {
                if (fragmentCount == MAX_CHOICES) {
                    throw DECLINE;
                }
                ChoiceFragment f = fragments[fragmentCount++];
                f.reset(position);
                i = choice(i, f);
            } else {
                i = skipValue(i, 2);
            }
            position++;
            i = next(i, ']');
        }
        return closedAt;
    }

    private int choice(int i, ChoiceFragment f) {
        i = first(i, '}');
        while (i >= 0) {
            int ks = i + 1;
            int ke = key(i);
            int klen = ke - ks;
            i = valueAfter(ke);
            char c = at(i);
            if (klen == 5 && s.startsWith("index", ks)) {
                i = indexValue(i, c, f, null);
            } else if ((klen == 5 && s.startsWith("delta", ks)) || (klen == 7 && s.startsWith("message", ks))) {
                i = c == '{' ? message(i, f) : skipValue(i, 3);
            } else if (klen == 13 && s.startsWith("finish_reason", ks)) {
                if (c == '"') {
                    int e = stringEnd(i + 1);
                    f.finishReason = text(s, i + 1, e, escaped);
                    i = e + 1;
                } else {
                    f.finishReason = null;
                    i = skipValue(i, 3);
                }
            } else {
                i = skipValue(i, 3);
            }
            i = next(i, '}');
        }
        return closedAt;
    }

    /**
     * An {@code index}: set when a plain int, left alone when null. CompletionReader does not skip an object or
     * array there (it would read on inside it), and ignores other numbers: all of that is declined.
     */
    private int indexValue(int i, char c, ChoiceFragment f, ChoiceFragment.ToolCallFragment call) {
        if (c == 'n') {
            return literal(i, "null");
        }
        int e = numberEnd(i);
        int v = (int) plainLong(i, e, 9);
        if (call != null) {
            call.index = v;
        } else {
            f.index = v;
        }
        return e;
    }

    private int message(int i, ChoiceFragment f) {
        i = first(i, '}');
        while (i >= 0) {
            int ks = i + 1;
            int ke = key(i);
            int klen = ke - ks;
            i = valueAfter(ke);
            char c = at(i);
            switch (klen) {
                case 4 -> {
                    if (s.startsWith("role", ks)) {
                        f.role = stringOrNull(i, c);
                        i = afterValue;
                    } else {
                        i = skipValue(i, 4);
                    }
                }
                case 7 -> {
                    if (s.startsWith("content", ks)) {
                        f.content = stringOrNull(i, c);
                        i = afterValue;
                    } else if (s.startsWith("refusal", ks)) {
                        f.refusal = stringOrNull(i, c);
                        i = afterValue;
                    } else {
                        i = skipValue(i, 4);
                    }
                }
                case 9 -> {
                    if (s.startsWith("reasoning", ks)) {
                        f.reasoning = stringOrNull(i, c);
                        i = afterValue;
                    } else {
                        i = skipValue(i, 4);
                    }
                }
                case 10 -> {
                    if (s.startsWith("tool_calls", ks) && c == '[') {
                        i = toolCalls(i, f);
                    } else {
                        i = skipValue(i, 4);
                    }
                }
                case 13 -> {
                    if (s.startsWith("function_call", ks)) {
                        throw DECLINE;
                    }
                    i = skipValue(i, 4);
                }
                case 17 -> {
                    if (s.startsWith("reasoning_content", ks)) {
                        f.reasoningContent = stringOrNull(i, c);
                        i = afterValue;
                    } else {
                        i = skipValue(i, 4);
                    }
                }
                default -> i = skipValue(i, 4);
            }
            i = next(i, '}');
        }
        return closedAt;
    }

    private int toolCalls(int i, ChoiceFragment f) {
        i = first(i, ']');
        int position = 0;
        while (i >= 0) {
            if (at(i) == '{') {
                ChoiceFragment.ToolCallFragment call = new ChoiceFragment.ToolCallFragment(position);
                f.toolCalls.add(call);
                i = toolCall(i, call, 5);
            } else {
                i = skipValue(i, 5);
            }
            position++;
            i = next(i, ']');
        }
        return closedAt;
    }

    /** A {@code tool_calls[]} element, or its {@code function} object read into the same fragment. */
    private int toolCall(int i, ChoiceFragment.ToolCallFragment call, int depth) {
        if (depth > MAX_DEPTH) {
            throw DECLINE;
        }
        i = first(i, '}');
        while (i >= 0) {
            int ks = i + 1;
            int ke = key(i);
            int klen = ke - ks;
            i = valueAfter(ke);
            char c = at(i);
            if (klen == 5 && s.startsWith("index", ks)) {
                i = indexValue(i, c, null, call);
            } else if (klen == 2 && s.startsWith("id", ks)) {
                call.id = stringOrNull(i, c);
                i = afterValue;
            } else if (klen == 4 && s.startsWith("type", ks)) {
                call.type = stringOrNull(i, c);
                i = afterValue;
            } else if (klen == 4 && s.startsWith("name", ks)) {
                call.name = stringOrNull(i, c);
                i = afterValue;
            } else if (klen == 9 && s.startsWith("arguments", ks)) {
                if (c == '{' || c == '[') {
                    throw DECLINE; // CompletionReader keeps an object's JSON text, as Jackson writes it
                }
                call.arguments = stringOrNull(i, c);
                i = afterValue;
            } else if (klen == 8 && s.startsWith("function", ks) && c == '{') {
                i = toolCall(i, call, depth + 1);
            } else {
                i = skipValue(i, depth + 1);
            }
            i = next(i, '}');
        }
        return closedAt;
    }

    /**
     * At the first member or element after an opening bracket at {@code i}: its index, or -1 when {@code close}
     * follows at once (then {@link #closedAt} is the index after it).
     */
    private int first(int i, char close) {
        i = ws(i + 1);
        if (at(i) == close) {
            closedAt = i + 1;
            return -1;
        }
        return i;
    }

    /** After a member or element at {@code i}: the index of the next one, or -1 as {@link #first} says. */
    private int next(int i, char close) {
        i = ws(i);
        if (at(i) == close) {
            closedAt = i + 1;
            return -1;
        }
        return ws(expect(i, ','));
    }

    /** The value after the key whose closing quote is at {@code keyEnd}. */
    private int valueAfter(int keyEnd) {
        return ws(expect(ws(keyEnd + 1), ':'));
    }

    /** A string value's text, or null for any other value (which is skipped), as CompletionReader does. */
    private String stringOrNull(int i, char c) {
        if (c == '"') {
            int e = stringEnd(i + 1);
            afterValue = e + 1;
            return text(s, i + 1, e, escaped);
        }
        afterValue = skipValue(i, 6);
        return null;
    }

    /** The index of the quote that opens a key, to the index of the quote that closes it; escaped keys decline. */
    private int key(int i) {
        int e = stringEndOfKey(i);
        if (escaped) {
            throw DECLINE;
        }
        return e;
    }

    /**
     * From just after an opening quote to the closing quote, checking escapes; raw control characters (invalid in
     * JSON strings) decline. Sets {@link #escaped}.
     */
    private int stringEnd(int i) {
        boolean esc = false;
        char[] b = this.b;
        while (true) {
            char c = b[i];
            if (c == '"') {
                escaped = esc;
                return i;
            }
            if (c < 0x20) {
                throw DECLINE;
            }
            if (c == '\\') {
                esc = true;
                char n = b[i + 1];
                switch (n) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        for (int k = i + 2; k < i + 6; k++) {
                            if (hex(b[k]) < 0) {
                                throw DECLINE;
                            }
                        }
                        i += 6;
                    }
                    default -> throw DECLINE;
                }
            } else {
                i++;
            }
        }
    }

    /** Any JSON value, validated and skipped; returns the index after it. */
    private int skipValue(int i, int depth) {
        char c = at(i);
        switch (c) {
            case '"' -> {
                return stringEnd(i + 1) + 1;
            }
            case '{' -> {
                if (depth > MAX_DEPTH) {
                    throw DECLINE;
                }
                for (i = first(i, '}'); i >= 0; i = next(skipValue(valueAfter(stringEndOfKey(i)), depth + 1), '}')) {
                    // members: validated as they are skipped
                }
                return closedAt;
            }
            case '[' -> {
                if (depth > MAX_DEPTH) {
                    throw DECLINE;
                }
                for (i = first(i, ']'); i >= 0; i = next(skipValue(i, depth + 1), ']')) {
                    // elements: validated as they are skipped
                }
                return closedAt;
            }
            case 't' -> {
                return literal(i, "true");
            }
            case 'f' -> {
                return literal(i, "false");
            }
            case 'n' -> {
                return literal(i, "null");
            }
            default -> {
                return numberEnd(i);
            }
        }
    }

    /**
     * Where a key's closing quote is. Declined: a key longer than Jackson's name limit could allow, and a chunk with
     * more keys than a real one has, where Jackson's symbol table could refuse colliding names.
     */
    private int stringEndOfKey(int i) {
        expect(i, '"');
        int e = stringEnd(i + 1);
        if (e - i > MAX_KEY_LENGTH || ++keys > MAX_KEYS) {
            throw DECLINE;
        }
        return e;
    }

    private int literal(int i, String word) {
        if (!s.startsWith(word, i)) {
            throw DECLINE;
        }
        return i + word.length();
    }

    /** JSON's number grammar, strictly (no leading zeros, no bare sign or dot). */
    private int numberEnd(int i) {
        int start = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        char c = at(i);
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digits(i);
        } else {
            throw DECLINE;
        }
        if (i < end && b[i] == '.') {
            i = digitsAtLeastOne(i + 1);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digitsAtLeastOne(i);
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw DECLINE;
        }
        return i;
    }

    private int digitsAtLeastOne(int i) {
        char c = at(i);
        if (c < '0' || c > '9') {
            throw DECLINE;
        }
        return digits(i);
    }

    private int digits(int i) {
        while (i < end) {
            char c = b[i];
            if (c < '0' || c > '9') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The integer in [i, e), which must be a plain integer of at most {@code maxDigits} digits, else declined. */
    private long plainLong(int i, int e, int maxDigits) {
        boolean negative = b[i] == '-';
        int d = negative ? i + 1 : i;
        if (e - d > maxDigits || e == d) {
            throw DECLINE;
        }
        long v = 0;
        for (int k = d; k < e; k++) {
            char c = b[k];
            if (c < '0' || c > '9') {
                throw DECLINE; // a fraction or an exponent
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    private char at(int i) {
        if (i >= end) {
            throw DECLINE;
        }
        return b[i];
    }

    private int expect(int i, char c) {
        if (at(i) != c) {
            throw DECLINE;
        }
        return i + 1;
    }

    private int ws(int i) {
        while (i < end) {
            char c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * An ASCII hex digit's value, else -1. Not {@link Character#digit}: it takes other scripts' digits (and
     * fullwidth letters), which JSON does not.
     */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** The text of a string scanned by {@link #stringEnd}: its escapes are known to be valid. */
    static String text(String data, int from, int to, boolean escaped) {
        if (!escaped) {
            return data.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = data.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char n = data.charAt(++i);
            switch (n) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) (hex(data.charAt(i + 1)) << 12 | hex(data.charAt(i + 2)) << 8
                            | hex(data.charAt(i + 3)) << 4 | hex(data.charAt(i + 4))));
                    i += 4;
                }
                default -> b.append(n); // '"', '\\', '/'
            }
        }
        return b.toString();
    }
}
