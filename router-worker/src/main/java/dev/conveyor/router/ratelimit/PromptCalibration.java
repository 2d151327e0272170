package dev.conveyor.router.ratelimit;

/**
 * How a provider counts a model's prompt tokens compared with the router's estimate (OpenAI's
 * o200k tokenizer, {@code PromptTokens}): other tokenizers, framing and the provider's own rules
 * differ by several percent, and a reservation below the provider's count lets a window admit more
 * than the provider will, which it answers with 429s. The ratio reported/estimated is tracked as a
 * moving mean and mean deviation (as TCP tracks round-trip times), and reservations take the mean
 * plus two deviations. Until the provider has reported a count, estimates are padded by a quarter.
 */
final class PromptCalibration {

    /** The padding before the provider has reported a prompt count for the model. */
    static final double UNKNOWN = 1.25;

    private static final double GAIN = 0.125;

    private double mean = Double.NaN;
    private double deviation;

    /** The prompt tokens to reserve for a prompt the router estimates at {@code estimated}. */
    synchronized long reserve(long estimated) {
        return (long) Math.ceil(estimated * factor());
    }

    /** The provider counted {@code reported} prompt tokens for a prompt estimated at {@code estimated}. */
    synchronized void observe(long estimated, long reported) {
        if (estimated <= 0 || reported <= 0) {
            return;
        }
        double ratio = (double) reported / estimated;
        if (Double.isNaN(mean)) {
            mean = ratio;
            return;
        }
        deviation += GAIN * (Math.abs(ratio - mean) - deviation);
        mean += GAIN * (ratio - mean);
    }

    synchronized double factor() {
        return Double.isNaN(mean) ? UNKNOWN : mean + 2 * deviation;
    }
}
