package dev.conveyor.bench;

/**
 * One call in the simulator's ledger: when the simulator admitted it (epoch milliseconds, so the
 * call falls in the rate-limit window of that instant), the model it named, the HTTP status it was
 * answered with, and the prompt tokens it was charged (0 for a failed call).
 */
record SimCall(long timeMillis, String model, int status, int inputTokens) {

    boolean succeeded() {
        return status == 200;
    }

    boolean rateLimited() {
        return status == 429;
    }
}
