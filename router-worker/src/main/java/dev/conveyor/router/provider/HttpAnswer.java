package dev.conveyor.router.provider;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's HTTP answer: status, headers (names in lower case, as HTTP/2 sends them) and body.
 */
public record HttpAnswer(int status, Map<String, List<String>> headers, String body) {

    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    /** The first value of header {@code name}, whatever its case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public boolean successful() {
        return status / 100 == 2;
    }
}
