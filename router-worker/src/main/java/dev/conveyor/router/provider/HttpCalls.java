package dev.conveyor.router.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** What every adapter does the same way: send over the shared client, and read Retry-After. */
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
}
