package dev.conveyor.api.intake;

import dev.conveyor.api.errors.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header. Ids derive from the tenant and the key, so a retried
 * submission produces the same job and batch ids, and any duplicate on the topic is the same job.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private IdempotencyKeys() {}

    /** The key, or null when the header is absent. */
    public static String check(String header) {
        if (header == null) {
            return null;
        }
        if (!KEY.matcher(header).matches()) {
            throw new InvalidRequest(HEADER, HEADER + " should be 1-255 printable ASCII characters without spaces");
        }
        return header;
    }

    static String jobId(String tenantId, String key) {
        return UUID.nameUUIDFromBytes(("job\n" + tenantId + "\n" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** A batch id from the key, or a random one without a key. */
    public static String batchId(String tenantId, String key) {
        if (key == null) {
            return "batch_" + UUID.randomUUID().toString().replace("-", "");
        }
        return "batch_" + sha256("batch\n" + tenantId + "\n" + key).substring(0, 32);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
