package dev.conveyor.router.dispatch;

import com.microsoft.kiota.ApiException;
import dev.conveyor.schemas.DecodeFailures;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Tells a failure of the infrastructure (PostgreSQL, the broker, the registry: it passes when they
 * come back, so the job is retried for as long as it takes) from a failure of the job itself (it
 * fails the same way every time, so the job fails for good and goes to the DLT).
 */
enum Failures {
    /** PostgreSQL, the broker or the registry is unreachable or refused for a while. */
    INFRASTRUCTURE,
    /** The job's own data makes it fail: retrying cannot help. */
    TERMINAL,
    /** Neither is recognisable: worth a few more tries, then terminal. */
    UNKNOWN;

    static Failures of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Failures kind = own(t);
            if (kind != UNKNOWN) {
                return kind;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return UNKNOWN;
    }

    private static Failures own(Throwable t) {
        if (t instanceof DataIntegrityViolationException) {
            return TERMINAL;
        }
        if (t instanceof SQLException sql) {
            return ofSqlState(sql);
        }
        if (t instanceof ApiException) {
            return DecodeFailures.registryUnavailable(t) ? INFRASTRUCTURE : TERMINAL;
        }
        if (DecodeFailures.isNetwork(t)
                || t instanceof RetriableException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof CancellationException) {
            return INFRASTRUCTURE;
        }
        if (t instanceof DataAccessException && t.getCause() == null) {
            return INFRASTRUCTURE; // the pool gave up waiting for a connection, and the like
        }
        if (t instanceof ClassCastException || t instanceof NullPointerException) {
            return TERMINAL;
        }
        return UNKNOWN;
    }

    /**
     * SQLSTATE classes 22 (data exception: a NUL byte in text, a value out of range) and 23
     * (integrity) are the job's own data; 08 (connection), 53 (resources), 57 (operator
     * intervention: shutdown), 40 (rollback: serialization, deadlock) and 58 (system) pass.
     */
    private static Failures ofSqlState(SQLException sql) {
        if (sql instanceof SQLTransientException) {
            return INFRASTRUCTURE;
        }
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
            return INFRASTRUCTURE;
        }
        return switch (state.substring(0, 2)) {
            case "22", "23" -> TERMINAL;
            case "08", "53", "57", "40", "58", "XX" -> INFRASTRUCTURE;
            default -> UNKNOWN;
        };
    }
}
