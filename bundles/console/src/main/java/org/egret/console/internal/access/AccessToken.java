package org.egret.console.internal.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The access token, kept only as its SHA-256 so no heap dump or log can reveal it. */
public final class AccessToken {

    private final byte[] sha256;

    private AccessToken(byte[] sha256) {
        this.sha256 = sha256;
    }

    public static AccessToken of(String token) {
        return new AccessToken(sha256(token));
    }

    /** @throws IllegalArgumentException unless {@code hex} is 64 hexadecimal digits */
    public static AccessToken ofSha256Hex(String hex) {
        String h = hex.trim().toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a token SHA-256 is 64 hexadecimal digits");
        }
        return new AccessToken(HexFormat.of().parseHex(h));
    }

    /** Compares digests in constant time: how long it takes says nothing about how much of a guess was right. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256, sha256(presented));
    }

    /** Two configurations name the same token. */
    public boolean sameAs(AccessToken other) {
        return MessageDigest.isEqual(sha256, other.sha256);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken[sha256 hidden]";
    }
}
