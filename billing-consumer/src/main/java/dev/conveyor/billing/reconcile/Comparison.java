package dev.conveyor.billing.reconcile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One day, provider, model and kind: what the ledger has, what the provider reported, and whether they agree. */
record Comparison(
        @JsonProperty("day") LocalDate day,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("kind") String kind,
        @JsonProperty("ledger") BigDecimal ledger,
        @JsonProperty("reported") BigDecimal reported,
        @JsonProperty("within_tolerance") boolean withinTolerance) {

    @JsonProperty("difference")
    BigDecimal difference() {
        return reported.subtract(ledger);
    }
}
