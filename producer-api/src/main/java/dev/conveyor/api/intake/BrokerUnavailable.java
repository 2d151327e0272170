package dev.conveyor.api.intake;

/** Kafka did not acknowledge a job in time; nothing was accepted, and the client should retry. */
public class BrokerUnavailable extends RuntimeException {

    public BrokerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
