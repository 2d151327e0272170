package dev.conveyor.api.batch;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A batch's jobs the router is holding back for a provider's batch API, read from the router's own
 * table {@code routing.deferred_jobs}: {@code deferred} ones wait to be put in a provider batch
 * ({@code provider_batch} NULL), {@code in_provider_batch} ones are inside a submitted one. The
 * router deletes a row once the job's result is published, so both count jobs still waiting. The
 * router owns and creates the table; until it has run, the table does not exist, which is no job
 * deferred rather than an error.
 */
@Repository
class DeferredJobs {

    /** PostgreSQL's undefined_table. */
    private static final String UNDEFINED_TABLE = "42P01";

    private final JdbcClient jdbc;

    DeferredJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Counts(int deferred, int inProviderBatch) {

        static final Counts NONE = new Counts(0, 0);
    }

    /** One query for both counts of the tenant's batch. */
    Counts of(String tenantId, String batchId) {
        try {
            return jdbc.sql("""
                            SELECT COUNT(*) FILTER (WHERE provider_batch IS NULL) AS deferred,
                                   COUNT(*) FILTER (WHERE provider_batch IS NOT NULL) AS in_provider_batch
                            FROM routing.deferred_jobs WHERE tenant_id = :tenantId AND api_batch_id = :batchId
                            """)
                    .param("tenantId", tenantId)
                    .param("batchId", batchId)
                    .query((rs, row) -> new Counts(rs.getInt("deferred"), rs.getInt("in_provider_batch")))
                    .single();
        } catch (DataAccessException e) {
            if (undefinedTable(e)) {
                return Counts.NONE;
            }
            throw e;
        }
    }

    private static boolean undefinedTable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
