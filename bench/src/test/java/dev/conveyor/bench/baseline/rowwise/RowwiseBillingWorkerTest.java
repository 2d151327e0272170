package dev.conveyor.bench.baseline.rowwise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowwiseBillingWorkerTest {

    @Test
    void theBaselineCreatesItsTablesWithTheBillingConsumersOwnMigration() {
        String migration = RowwiseBillingWorker.ledgerMigration();

        assertThat(migration).contains("CREATE TABLE usage_events (", "CREATE TABLE usage_monthly (");
        // unqualified names: the baseline creates them in its own schema (search_path)
        assertThat(migration).doesNotContain("billing.");
    }
}
