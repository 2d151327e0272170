package dev.conveyor.billing.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A transaction-scoped PostgreSQL advisory lock between ingest and export. Ingest holds it
 * shared (ingest transactions never wait for each other); sealing a month for export holds it
 * exclusively, so no event can slip into a month while its bill is being closed.
 */
public final class ExportSeal {

    private static final long LOCK_KEY = 0x62696c6c696e67L; // "billing"

    private ExportSeal() {}

    static void holdShared(JdbcClient jdbc) {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock_shared(?)")
                .param(LOCK_KEY)
                .query(Integer.class)
                .single();
    }

    /** Call inside the transaction that seals a month. */
    public static void holdExclusive(JdbcClient jdbc) {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)")
                .param(LOCK_KEY)
                .query(Integer.class)
                .single();
    }
}
