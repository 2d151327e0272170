package dev.conveyor.billing.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A month's projected spend at its burn rate so far: the month-to-date spend spread over the time
 * elapsed, carried to the month's end. Exact decimals, rounded half-even to a nano-dollar.
 *
 * @param elapsed how much of the month had passed when projected
 */
public record Forecast(
        YearMonth month,
        BigDecimal monthToDateUsd,
        BigDecimal burnUsdPerDay,
        BigDecimal projectedUsd,
        Duration elapsed) {

    private static final int SCALE = 9;
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    /** The projection of {@code month} with {@code monthToDateUsd} spent by {@code now}. */
    public static Forecast of(YearMonth month, BigDecimal monthToDateUsd, Instant now) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long total = Duration.between(start, end).toSeconds();
        long passed = Math.clamp(Duration.between(start, now).toSeconds(), 1, total);
        BigDecimal perSecond = monthToDateUsd.divide(BigDecimal.valueOf(passed), 30, RoundingMode.HALF_EVEN);
        return new Forecast(
                month,
                monthToDateUsd,
                perSecond.multiply(SECONDS_PER_DAY).setScale(SCALE, RoundingMode.HALF_EVEN),
                passed == total
                        ? monthToDateUsd.setScale(SCALE, RoundingMode.HALF_EVEN)
                        : perSecond.multiply(BigDecimal.valueOf(total)).setScale(SCALE, RoundingMode.HALF_EVEN),
                Duration.ofSeconds(passed));
    }

    /** Whether the projection reaches {@code budgetUsd}; never for no budget. */
    public boolean reaches(BigDecimal budgetUsd) {
        return budgetUsd != null && projectedUsd.compareTo(budgetUsd) >= 0;
    }
}
