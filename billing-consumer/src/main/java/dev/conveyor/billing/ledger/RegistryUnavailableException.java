package dev.conveyor.billing.ledger;

/**
 * A usage record could not be decoded because the schema registry was unavailable. Retryable: the
 * record is decoded again after a backoff, for as long as the registry stays down.
 */
class RegistryUnavailableException extends RuntimeException {

    RegistryUnavailableException(Throwable cause) {
        super(
                "the schema registry is unavailable, so a usage record cannot be decoded yet: " + cause.getMessage(),
                cause);
    }
}
