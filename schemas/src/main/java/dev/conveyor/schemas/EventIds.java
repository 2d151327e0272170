package dev.conveyor.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids for usage events. A provider call is identified by the job, the attempt
 * number within the job (its position in the attempt history, retries included), the provider
 * and the model, so the same call, redelivered or re-processed after a crash, yields the same id
 * and the ledger counts it once.
 */
public final class EventIds {

    /**
     * Cloned for each id: {@link UUID#nameUUIDFromBytes} looks MD5 up among the security providers
     * on every call, which cost more than the hash itself (docs/decisions.md, D4).
     */
    private static final MessageDigest MD5 = md5();

    private EventIds() {}

    /**
     * A name-based (version 3) UUID of the call, as {@link UUID#nameUUIDFromBytes} makes it. The
     * tenant is part of the name: job ids are scoped to their tenant, so two tenants' jobs may share
     * one, and their calls must still be billed apart.
     */
    public static String forCall(
            CharSequence tenantId, CharSequence jobId, int attempt, String provider, String model) {
        String name = "conveyor-usage\u0000" + tenantId + '\u0000' + jobId + '\u0000' + attempt + '\u0000' + provider
                + '\u0000' + model;
        byte[] hash = newMd5().digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    /**
     * The id of a call made for {@code job}: {@link #forCall(CharSequence, CharSequence, int, String,
     * String)} of its tenant and id, except for a job an operator re-drove from a dead-letter topic
     * (metadata {@value DeadLetterHeaders#REDRIVEN}, which the router sets from the record's header):
     * its calls are new calls, billed although an earlier delivery's calls under the same attempt
     * numbers were, and each re-drive of it gets ids of its own.
     */
    public static String forCall(CompletionRequest job, int attempt, String provider, String model) {
        CharSequence redriven =
                job.getMetadata() == null ? null : job.getMetadata().get(DeadLetterHeaders.REDRIVEN);
        CharSequence jobId = redriven == null ? job.getJobId() : job.getJobId() + "\u0000redriven\u0000" + redriven;
        return forCall(job.getTenantId(), jobId, attempt, provider, model);
    }

    private static MessageDigest newMd5() {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return md5();
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }
}
