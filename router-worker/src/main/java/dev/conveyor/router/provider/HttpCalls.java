package dev.conveyor.router.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every adapter reads the same way from an answer: Retry-After and rate-limit headers. */
public final class HttpCalls {

    private HttpCalls() {}

    /** {@code retry-after-ms}, else {@code retry-after} in seconds (HTTP dates are not used by these providers). */
    public static Optional<Duration> retryAfter(HttpAnswer response) {
        return response.header("retry-after-ms")
                .flatMap(ms -> parse(ms, 1))
                .or(() -> response.header("retry-after").flatMap(s -> parse(s, 1000)));
    }

    private static Optional<Duration> parse(String value, long unitMillis) {
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * unitMillis)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * OpenAI's {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} (reset as {@code 6m0s},
     * {@code 59.5s}, {@code 120ms}) or Anthropic's {@code anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}}
     * (reset as an RFC 3339 instant, read against {@code clock}).
     */
    public static RateLimitHeaders rateLimits(HttpAnswer response, Clock clock) {
        return new RateLimitHeaders(quota(response, "requests", clock), quota(response, "tokens", clock));
    }

    private static Optional<RateLimitHeaders.Quota> quota(HttpAnswer h, String kind, Clock clock) {
        Optional<Long> limit = number(h, "x-ratelimit-limit-" + kind);
        if (limit.isPresent()) {
            return number(h, "x-ratelimit-remaining-" + kind)
                    .map(remaining -> new RateLimitHeaders.Quota(
                            limit.get(),
                            remaining,
                            h.header("x-ratelimit-reset-" + kind)
                                    .flatMap(HttpCalls::goDuration)
                                    .orElse(Duration.ZERO)));
        }
        Optional<Long> anthropicLimit = number(h, "anthropic-ratelimit-" + kind + "-limit");
        return anthropicLimit.flatMap(l -> number(h, "anthropic-ratelimit-" + kind + "-remaining")
                .map(remaining -> new RateLimitHeaders.Quota(
                        l,
                        remaining,
                        h.header("anthropic-ratelimit-" + kind + "-reset")
                                .flatMap(at -> until(at, clock))
                                .orElse(Duration.ZERO))));
    }

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /** Go's duration format, as OpenAI sends it: {@code 1h2m3.5s}, {@code 120ms}. */
    static Optional<Duration> goDuration(String value) {
        Matcher m = GO_DURATION_PART.matcher(value.trim());
        double millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1000;
                default -> n;
            };
            end = m.end();
        }
        return end == 0 || end != value.trim().length()
                ? Optional.empty()
                : Optional.of(Duration.ofMillis((long) millis));
    }

    private static Optional<Duration> until(String instant, Clock clock) {
        try {
            Duration left = Duration.between(clock.instant(), Instant.parse(instant.trim()));
            return Optional.of(left.isNegative() ? Duration.ZERO : left);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(HttpAnswer h, String name) {
        try {
            return h.header(name).map(v -> Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
