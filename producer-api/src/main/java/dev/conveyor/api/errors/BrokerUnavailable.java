package dev.conveyor.api.errors;

/** Kafka did not acknowledge in time; the request was not accepted and the client should retry. */
public class BrokerUnavailable extends RuntimeException {

    public BrokerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
