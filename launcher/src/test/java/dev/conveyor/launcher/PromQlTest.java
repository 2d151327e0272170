package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(PromQl.metricNames(
                        "sum by (provider, model) (rate(conveyor_provider_calls_total{outcome!=\"success\"}[$__rate_interval]))"
                                + " / sum by (provider, model) (rate(conveyor_provider_calls_total[5m])) * 3600"))
                .containsExactly("conveyor_provider_calls_total");
        assertThat(PromQl.metricNames(
                        "histogram_quantile(0.99, sum by (le) (rate(conveyor_jobs_e2e_seconds_bucket[1m])))"
                                + " or max without (instance) (up) > 1e3"))
                .containsExactly("conveyor_jobs_e2e_seconds_bucket", "up");
    }
}
