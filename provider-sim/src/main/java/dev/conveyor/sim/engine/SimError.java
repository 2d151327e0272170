package dev.conveyor.sim.engine;

import dev.conveyor.sim.ratelimit.RateLimitState;
import java.time.Duration;

/** The errors a provider answers, before each protocol renders its own status and body. */
public sealed interface SimError {

    int status();

    record Unauthorized() implements SimError {
        public int status() {
            return 401;
        }
    }

    record BadRequest(String message, String param) implements SimError {
        public int status() {
            return 400;
        }
    }

    /** The URL names nothing, e.g. an Azure call without {@code api-version}. */
    record ResourceNotFound() implements SimError {
        public int status() {
            return 404;
        }
    }

    record ModelNotFound(String model) implements SimError {
        public int status() {
            return 404;
        }
    }

    record ContextLengthExceeded(String model, int contextWindow, int promptTokens, int outputTokens)
            implements SimError {
        public int status() {
            return 400;
        }
    }

    record RateLimited(String model, RateLimitState state) implements SimError {
        public int status() {
            return 429;
        }

        public Duration retryAfter() {
            return state.retryAfter();
        }
    }

    /** An injected failure: 429, 500, 502, 503, 504, or 529 (overloaded). */
    record Injected(int status) implements SimError {}
}
