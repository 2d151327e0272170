package dev.conveyor.router.provider;

/** Every way a provider call can fail, and whether trying the same model again can help. */
public enum ErrorType {
    AUTH(false),
    RATE_LIMIT(true),
    TIMEOUT(true),
    NETWORK(true),
    SERVER_ERROR(true),
    OVERLOADED(true),
    INVALID_REQUEST(false),
    CONTEXT_LENGTH(false),
    CONTENT_FILTER(false),
    MODEL_NOT_FOUND(false),
    /** The job's deadline came before it could be called: no provider was called, nothing billed. */
    DEADLINE_EXCEEDED(false),
    /** The account's quota or spend limit is used up (OpenAI {@code insufficient_quota}, Anthropic's spend limit): not transient. */
    QUOTA_EXCEEDED(false),
    /** The model answered nothing usable (its whole output cap spent on thinking): another model may. */
    INCOMPLETE(false),
    /** The model was not called: its circuit is open. */
    CIRCUIT_OPEN(false),
    /** No call was made: the job's worst case does not fit what is left of its tenant's budget. */
    BUDGET_EXCEEDED(false),
    /** No call was made: the budget state could not be read and the router fails closed. */
    BUDGET_UNAVAILABLE(false);

    private final boolean retryable;

    ErrorType(boolean retryable) {
        this.retryable = retryable;
    }

    /** True when the same call may succeed if repeated after a pause. */
    public boolean retryable() {
        return retryable;
    }
}
