package dev.conveyor.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tenant API keys: {@code cvk_<key id>_<secret>}. The key id (16 hex digits) finds the row; the
 * secret (256 random bits) is stored only as SHA-256 over a per-key random salt and the secret.
 * A slow hash adds nothing for secrets of this entropy, and keeps every request cheap.
 */
final class KeyMaterial {

    static final String PREFIX = "cvk_";
    private static final Pattern FORMAT = Pattern.compile("cvk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom random = new SecureRandom();

    private KeyMaterial() {}

    record Parsed(String keyId, String secret) {}

    /** A new key; {@code key} is shown to the caller once and never stored. */
    record Issued(String keyId, String key, byte[] salt, byte[] hash) {}

    static Issued issue() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(id);
        random.nextBytes(secret);
        random.nextBytes(salt);
        String keyId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(keyId, PREFIX + keyId + "_" + secretText, salt, hash(salt, secretText));
    }

    static Optional<Parsed> parse(String token) {
        var m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
    }

    static byte[] hash(byte[] salt, String secret) {
        MessageDigest sha = sha256();
        sha.update(salt);
        sha.update(secret.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    /** Compares in time independent of where the values differ. */
    static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] sha256(String text) {
        return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static String randomToken(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
