package dev.conveyor.router.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.KafkaException;

class FailuresTest {

    @Test
    void aDatabaseThatCannotBeReachedIsAnInfrastructureFailure() {
        var refused =
                new CannotGetJdbcConnectionException("no connection", new SQLException("Connection refused", "08001"));

        assertThat(Failures.of(new CompletionException(refused))).isEqualTo(Failures.INFRASTRUCTURE);
    }

    @Test
    void aDatabaseShuttingDownIsAnInfrastructureFailure() {
        assertThat(Failures.of(new SQLException("terminating connection", "57P01")))
                .isEqualTo(Failures.INFRASTRUCTURE);
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeInTimeIsAnInfrastructureFailure() {
        var send = new KafkaException("Send failed", new TimeoutException("Expiring 1 record(s)"));

        assertThat(Failures.of(new CompletionException(send))).isEqualTo(Failures.INFRASTRUCTURE);
    }

    @Test
    void aRegistryThatRefusesConnectionsIsAnInfrastructureFailure() {
        var serializer = new org.apache.kafka.common.errors.SerializationException(
                "could not register", new ConnectException("Connection refused"));

        assertThat(Failures.of(serializer)).isEqualTo(Failures.INFRASTRUCTURE);
    }

    @Test
    void dataThePostgresRejectsIsTerminal() {
        assertThat(Failures.of(new SQLException("invalid byte sequence for encoding UTF8: 0x00", "22021")))
                .isEqualTo(Failures.TERMINAL);
        assertThat(Failures.of(new DataIntegrityViolationException("too long"))).isEqualTo(Failures.TERMINAL);
    }

    @Test
    void truncatedBytesAreNotMistakenForANetworkFailure() {
        assertThat(Failures.of(new RuntimeException("bad record", new EOFException())))
                .isEqualTo(Failures.UNKNOWN);
    }

    @Test
    void aRecordTooLargeForTheBrokerIsNotRetriedForever() {
        assertThat(Failures.of(new KafkaException("Send failed", new RecordTooLargeException("too large"))))
                .isNotEqualTo(Failures.INFRASTRUCTURE);
    }

    @Test
    void aBugTriggeredByTheJobIsTerminal() {
        assertThat(Failures.of(new NullPointerException("messages"))).isEqualTo(Failures.TERMINAL);
    }
}
