package dev.conveyor.billing.reconcile;

import java.time.LocalDate;

/** A provider's own usage and cost reports for one UTC day, read through its admin API. */
interface ProviderReports {

    /**
     * Tokens by kind and cost per model on {@code day}.
     *
     * @throws ReportUnavailable when the provider did not answer as documented
     */
    Figures day(LocalDate day);
}
