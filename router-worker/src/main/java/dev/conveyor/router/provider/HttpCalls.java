package dev.conveyor.router.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every adapter does the same way: send over the shared client, read Retry-After and rate-limit headers. */
public final class HttpCalls {

    private HttpCalls() {}

    /** Sends {@code request}; a call that gets no answer becomes a typed TIMEOUT or NETWORK error. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, String provider, Duration timeout)
            throws ProviderException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(ErrorType.TIMEOUT, provider + " did not answer within " + timeout, e);
        } catch (ConnectException e) {
            throw new ProviderException(ErrorType.NETWORK, provider + " refused the connection", e);
        } catch (IOException e) {
            throw new ProviderException(ErrorType.NETWORK, provider + " call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ErrorType.NETWORK, provider + " call interrupted", e);
        }
    }

    /** {@code retry-after-ms}, else {@code retry-after} in seconds (HTTP dates are not used by these providers). */
    public static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("retry-after-ms")
                .flatMap(ms -> parse(ms, 1))
                .or(() -> response.headers().firstValue("retry-after").flatMap(s -> parse(s, 1000)));
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
    public static RateLimitHeaders rateLimits(HttpResponse<?> response, Clock clock) {
        HttpHeaders h = response.headers();
        return new RateLimitHeaders(quota(h, "requests", clock), quota(h, "tokens", clock));
    }

    private static Optional<RateLimitHeaders.Quota> quota(HttpHeaders h, String kind, Clock clock) {
        Optional<Long> limit = number(h, "x-ratelimit-limit-" + kind);
        if (limit.isPresent()) {
            return number(h, "x-ratelimit-remaining-" + kind)
                    .map(remaining -> new RateLimitHeaders.Quota(
                            limit.get(),
                            remaining,
                            h.firstValue("x-ratelimit-reset-" + kind)
                                    .flatMap(HttpCalls::goDuration)
                                    .orElse(Duration.ZERO)));
        }
        Optional<Long> anthropicLimit = number(h, "anthropic-ratelimit-" + kind + "-limit");
        return anthropicLimit.flatMap(l -> number(h, "anthropic-ratelimit-" + kind + "-remaining")
                .map(remaining -> new RateLimitHeaders.Quota(
                        l,
                        remaining,
                        h.firstValue("anthropic-ratelimit-" + kind + "-reset")
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

    private static Optional<Long> number(HttpHeaders h, String name) {
        try {
            return h.firstValue(name).map(v -> Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
