package dev.conveyor.router.ratelimit;

import java.time.Instant;

/** What one lease from the shared bucket gave: {@code granted} permits, the window's capacity, and a pause if any. */
record Lease(long granted, long capacity, Instant pausedUntil) {}
