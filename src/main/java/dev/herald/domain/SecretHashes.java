package dev.herald.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * How auth tokens and API key secrets are kept and checked: as their SHA-256 hash, compared in constant time, and
 * compared against a random hash when there is nothing to compare with, so that a missing account or key costs
 * the same as a wrong secret.
 */
final class SecretHashes {
    /** What a missing secret's hash is compared with: no secret hashes to it (but for 2^-256). */
    private static final byte[] NO_HASH = new byte[32];

    static {
        new SecureRandom().nextBytes(NO_HASH);
    }

    private SecretHashes() {
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK.", e);
        }
    }

    /** Whether {@code presented} hashes to {@code expected}; false, after the same work, when expected is null. */
    static boolean matches(byte[] expected, String presented) {
        byte[] hash = sha256(presented);
        return MessageDigest.isEqual(expected == null ? NO_HASH : expected, hash) && expected != null;
    }
}
