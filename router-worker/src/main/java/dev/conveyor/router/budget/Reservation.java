package dev.conveyor.router.budget;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * A call's worst case, held against its tenant's month until the call settles. Its id is the
 * call's event id, so a redelivered job's same call finds its reservation instead of taking another.
 */
public record Reservation(String id, String tenantId, YearMonth month, BigDecimal usd, long tokens) {}
