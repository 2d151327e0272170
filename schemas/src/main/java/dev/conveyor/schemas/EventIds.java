package dev.conveyor.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids for usage events. A provider call is identified by the job, the attempt
 * number within the job (its position in the attempt history, retries included), the provider
 * and the model, so the same call, redelivered or re-processed after a crash, yields the same id
 * and the ledger counts it once.
 */
public final class EventIds {

    private EventIds() {}

    public static String forCall(String jobId, int attempt, String provider, String model) {
        String name = "conveyor-usage\u0000" + jobId + '\u0000' + attempt + '\u0000' + provider + '\u0000' + model;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
