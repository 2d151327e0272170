package dev.conveyor.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Faults injected into a model's calls. Rates are probabilities per call, between 0 and 1.
 *
 * @param errorRates HTTP status to probability of answering it instead of a completion; statuses 429, 500, 502, 503,
 *     504 and 529 (Anthropic's overloaded_error; the other protocols answer 503 for it)
 * @param hangRate probability of accepting the call and never answering it
 * @param refuseRate probability of resetting the connection instead of answering
 * @param contentFilterRate probability of a completion cut short by the provider's content filter / safety system
 * @param outages windows, relative to start, in which the model is down
 * @param down when not null the model is down now, in this mode, whatever the outages say
 */
public record FaultSpec(
        Map<Integer, Double> errorRates,
        double hangRate,
        double refuseRate,
        double contentFilterRate,
        List<Outage> outages,
        OutageMode down) {

    public static final Set<Integer> INJECTABLE_STATUSES = Set.of(429, 500, 502, 503, 504, 529);

    public FaultSpec {
        errorRates = errorRates == null ? Map.of() : new TreeMap<>(errorRates);
        errorRates.forEach((status, rate) -> {
            if (!INJECTABLE_STATUSES.contains(status)) {
                throw new IllegalArgumentException("faults.errorRates." + status
                        + ": status cannot be injected; use one of " + INJECTABLE_STATUSES);
            }
            requireRate("faults.errorRates." + status, rate);
        });
        errorRates = Map.copyOf(errorRates);
        requireRate("faults.hangRate", hangRate);
        requireRate("faults.refuseRate", refuseRate);
        requireRate("faults.contentFilterRate", contentFilterRate);
        outages = outages == null ? List.of() : List.copyOf(outages);
        double total = hangRate
                + refuseRate
                + errorRates.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("faults: hangRate + refuseRate + errorRates add up to " + total
                    + ", more than 1; lower one of them");
        }
    }

    public static FaultSpec none() {
        return new FaultSpec(Map.of(), 0, 0, 0, List.of(), null);
    }

    public FaultSpec withErrorRate(int status, double rate) {
        var rates = new TreeMap<>(errorRates);
        rates.put(status, rate);
        return new FaultSpec(rates, hangRate, refuseRate, contentFilterRate, outages, down);
    }

    public FaultSpec withHangRate(double rate) {
        return new FaultSpec(errorRates, rate, refuseRate, contentFilterRate, outages, down);
    }

    public FaultSpec withRefuseRate(double rate) {
        return new FaultSpec(errorRates, hangRate, rate, contentFilterRate, outages, down);
    }

    public FaultSpec withContentFilterRate(double rate) {
        return new FaultSpec(errorRates, hangRate, refuseRate, rate, outages, down);
    }

    public FaultSpec withOutage(Outage outage) {
        var all = new java.util.ArrayList<>(outages);
        all.add(outage);
        return new FaultSpec(errorRates, hangRate, refuseRate, contentFilterRate, all, down);
    }

    public FaultSpec withDown(OutageMode mode) {
        return new FaultSpec(errorRates, hangRate, refuseRate, contentFilterRate, outages, mode);
    }

    private static void requireRate(String key, Double rate) {
        if (rate == null || !(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, was " + rate);
        }
    }
}
