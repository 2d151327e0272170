package dev.conveyor.router.ratelimit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shared state of every limit in PostgreSQL. Each statement is atomic on its own, so any
 * number of workers can lease from the same window without ever granting more than its capacity.
 */
class BucketStore {

    /** Windows older than this many window lengths are deleted when a new one opens. */
    private static final int KEEP_WINDOWS = 10;

    private final JdbcClient jdbc;
    private final double recoveryStep;
    private final double cutOn429;

    BucketStore(JdbcClient jdbc, double recoveryStep, double cutOn429) {
        this.jdbc = jdbc;
        this.recoveryStep = recoveryStep;
        this.cutOn429 = cutOn429;
    }

    /**
     * Opens {@code window} if no worker has yet: its capacity is the configured limit (or the lower
     * one the provider reported) times the factor in force, which first recovers a step when the
     * previous window saw no 429. The first worker to get here does this; the rest find the row.
     */
    void open(Bucket bucket, Instant window) {
        jdbc.sql("INSERT INTO routing.rate_limits (bucket) VALUES (:b) ON CONFLICT DO NOTHING")
                .param("b", bucket.id())
                .update();
        int opened = jdbc.sql("""
                        WITH s AS (
                            UPDATE routing.rate_limits
                               SET factor = CASE WHEN reduced_window IS NULL OR reduced_window < :previous
                                                 THEN LEAST(1, factor + :step) ELSE factor END,
                                   recovered_window = :w
                             WHERE bucket = :b AND (recovered_window IS NULL OR recovered_window < :w)
                            RETURNING factor, provider_limit)
                        INSERT INTO routing.rate_buckets (bucket, window_start, capacity)
                        SELECT :b, :w, GREATEST(1, FLOOR(LEAST(:limit, COALESCE(provider_limit, :limit)) * factor))
                          FROM s
                        ON CONFLICT DO NOTHING
                        """)
                .param("b", bucket.id())
                .param("w", at(window))
                .param("previous", at(window.minus(bucket.window())))
                .param("step", recoveryStep)
                .param("limit", bucket.perWindow())
                .update();
        if (opened > 0) {
            jdbc.sql("DELETE FROM routing.rate_buckets WHERE bucket = :b AND window_start < :old")
                    .param("b", bucket.id())
                    .param("old", at(window.minus(bucket.window().multipliedBy(KEEP_WINDOWS))))
                    .update();
        }
    }

    /** Leases up to {@code wanted} permits of {@code window}; fewer, or none, when it is nearly spent or paused. */
    Lease lease(Bucket bucket, Instant window, long wanted, Instant now) {
        return jdbc.sql("""
                        WITH cur AS (
                            SELECT b.used, b.capacity, l.paused_until
                              FROM routing.rate_buckets b JOIN routing.rate_limits l ON l.bucket = b.bucket
                             WHERE b.bucket = :b AND b.window_start = :w
                               FOR UPDATE OF b)
                        UPDATE routing.rate_buckets r
                           SET used = cur.used + CASE WHEN cur.paused_until > :now THEN 0
                                                      ELSE LEAST(:n, GREATEST(0, cur.capacity - cur.used)) END
                          FROM cur
                         WHERE r.bucket = :b AND r.window_start = :w
                        RETURNING r.used - cur.used AS granted, r.capacity, cur.paused_until
                        """)
                .param("b", bucket.id())
                .param("w", at(window))
                .param("n", wanted)
                .param("now", at(now))
                .query((rs, i) -> new Lease(
                        rs.getLong("granted"),
                        rs.getLong("capacity"),
                        instant(rs.getObject("paused_until", OffsetDateTime.class))))
                .optional()
                .orElse(new Lease(0, 0, null));
    }

    /** Adds {@code delta} (negative gives back) to a window's use, past its capacity if need be. */
    void adjust(Bucket bucket, Instant window, long delta) {
        jdbc.sql("""
                        UPDATE routing.rate_buckets SET used = GREATEST(0, used + :d)
                         WHERE bucket = :b AND window_start = :w
                        """)
                .param("b", bucket.id())
                .param("w", at(window))
                .param("d", delta)
                .update();
    }

    /**
     * The provider refused a call: every worker pauses until {@code until}, and the limit in force
     * is cut by {@code cutOn429}, at most once per window, recovering a step per window without 429.
     * A 429 that came with the provider's own counts ({@code informed}) does not cut: those counts
     * are adopted instead ({@link #sync}: its count for this window, and its limit for every window
     * when lower than configured), which lowers the limit in force exactly as far as the provider's.
     * A cut on top would leave several windows under the provider's limit for a 429 that a call
     * reaching the provider a moment after its window ended can cause.
     */
    void throttle(Bucket bucket, Instant window, Instant until, boolean informed) {
        jdbc.sql("""
                        UPDATE routing.rate_limits
                           SET paused_until = GREATEST(COALESCE(paused_until, :until), :until),
                               factor = CASE WHEN NOT :informed AND (reduced_window IS NULL OR reduced_window < :w)
                                             THEN GREATEST(0.05, factor * :cut) ELSE factor END,
                               reduced_window = CASE WHEN :informed THEN reduced_window ELSE :w END
                         WHERE bucket = :b
                        """)
                .param("b", bucket.id())
                .param("w", at(window))
                .param("informed", informed)
                .param("until", at(until))
                .param("cut", cutOn429)
                .update();
    }

    /**
     * The provider reported its own count for this window: raise ours to it (never lower, since
     * ours also holds leases not yet spent), and take a lower limit than configured from now on.
     */
    void sync(Bucket bucket, Instant window, long providerLimit, long providerRemaining) {
        jdbc.sql("""
                        UPDATE routing.rate_buckets
                           SET used = GREATEST(used, :used), capacity = LEAST(capacity, :limit)
                         WHERE bucket = :b AND window_start = :w
                        """)
                .param("b", bucket.id())
                .param("w", at(window))
                .param("used", Math.max(0, providerLimit - providerRemaining))
                .param("limit", providerLimit)
                .update();
        // a provider limit at or above the configured one is no longer a lower limit to keep
        Long lower = providerLimit < bucket.perWindow() ? providerLimit : null;
        jdbc.sql("""
                        UPDATE routing.rate_limits SET provider_limit = :limit
                         WHERE bucket = :b AND provider_limit IS DISTINCT FROM :limit
                        """)
                .param("b", bucket.id())
                .param("limit", lower, java.sql.Types.BIGINT)
                .update();
    }

    /** The window's use and capacity, for tests and operators. */
    Lease peek(Bucket bucket, Instant window) {
        return jdbc.sql("SELECT used, capacity FROM routing.rate_buckets WHERE bucket = :b AND window_start = :w")
                .param("b", bucket.id())
                .param("w", at(window))
                .query((rs, i) -> new Lease(rs.getLong("used"), rs.getLong("capacity"), null))
                .optional()
                .orElse(new Lease(0, 0, null));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
