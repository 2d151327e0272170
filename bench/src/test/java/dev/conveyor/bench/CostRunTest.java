package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CostRunTest {

    @Test
    void aRunFailsWhenAJobIsLostOrTheLedgersDifferNotWhenSavingsFallShort() {
        assertThat(CostRun.failed(
                        Json.object().put("lost", 0).put("exact", true).put("savings", 0.1)))
                .isFalse();
        assertThat(CostRun.failed(Json.object().put("lost", 1).put("exact", true)))
                .isTrue();
        assertThat(CostRun.failed(Json.object().put("lost", 0).put("exact", false)))
                .isTrue();
        assertThat(CostRun.failed(Json.object().put("lost", 0))).isTrue();
    }
}
