package dev.conveyor.sim.reports;

import dev.conveyor.sim.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The ledger's successful calls summed per time bucket and model, as both providers' reports
 * aggregate them: buckets of {@code width} from {@code start} (snapped to the width in UTC) up to
 * {@code end}, at most {@code limit} of them from the one {@code page} names (its start, in epoch
 * seconds). Failed calls carry no tokens and are left out, as providers charge nothing for them.
 */
final class Buckets {

    /** One model's sums in one bucket. */
    record Sums(long requests, long input, long cached, long cacheCreation, long output) {

        Sums plus(LedgerEntry e) {
            return new Sums(
                    requests + 1,
                    input + e.inputTokens(),
                    cached + e.cachedInputTokens(),
                    cacheCreation + e.cacheCreationInputTokens(),
                    output + e.outputTokens());
        }
    }

    /** A bucket: its bounds and, per model (empty key when not grouped), its sums. */
    record Bucket(Instant start, Instant end, Map<String, Sums> byModel) {}

    /** One page of buckets and where the next one starts, if any. */
    record Page(List<Bucket> buckets, Instant next) {}

    private Buckets() {}

    static Page page(
            List<LedgerEntry> ledger,
            Predicate<LedgerEntry> belongs,
            Instant start,
            Instant end,
            Duration width,
            int limit,
            boolean byModel) {
        Instant first = snap(start, width);
        List<Bucket> buckets = new ArrayList<>();
        Instant at = first;
        while (at.isBefore(end) && buckets.size() < limit) {
            buckets.add(new Bucket(at, at.plus(width), new TreeMap<>()));
            at = at.plus(width);
        }
        Instant covered = at;
        for (LedgerEntry e : ledger) {
            if (!e.succeeded()
                    || !belongs.test(e)
                    || e.time().isBefore(first)
                    || !e.time().isBefore(covered)) {
                continue;
            }
            int index = (int) (Duration.between(first, e.time()).toMillis() / width.toMillis());
            buckets.get(index).byModel().merge(byModel ? e.model() : "", new Sums(0, 0, 0, 0, 0).plus(e), Buckets::sum);
        }
        return new Page(buckets, covered.isBefore(end) ? covered : null);
    }

    private static Sums sum(Sums a, Sums b) {
        return new Sums(
                a.requests() + b.requests(),
                a.input() + b.input(),
                a.cached() + b.cached(),
                a.cacheCreation() + b.cacheCreation(),
                a.output() + b.output());
    }

    private static Instant snap(Instant instant, Duration width) {
        long w = width.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), w) * w);
    }

    static Duration width(String value, String parameter) {
        return switch (value == null ? "1d" : value) {
            case "1d" -> Duration.ofDays(1);
            case "1h" -> Duration.ofHours(1);
            case "1m" -> Duration.ofMinutes(1);
            default -> throw new IllegalArgumentException(parameter + " must be 1d, 1h or 1m, was " + value);
        };
    }
}
