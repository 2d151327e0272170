package dev.conveyor.router.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler knows of a job that asks for a call slot: its lane, its tenant, and its
 * deadline (null when it has none).
 */
public record Ticket(String lane, String tenant, Instant deadline) {

    public Ticket {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(tenant, "tenant");
    }

    /** Whether the deadline has come at {@code now}: a job is not called at or after its deadline. */
    boolean expiredAt(Instant now) {
        return deadline != null && !now.isBefore(deadline);
    }
}
