package dev.conveyor.api.providers;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A router-worker's {@code /actuator/providers}: the providers, the catalog's models with prices
 * and each model's circuit, the rate-limit use; and its health check. The router is the one place
 * these are known, so producer-api asks it rather than keeping a copy.
 */
@Component
class RouterClient {

    /** Health checks wait for each model's one-token call, up to the router's call timeout. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(70);

    private final RestClient reads;
    private final RestClient checks;
    private final JsonMapper json;

    RouterClient(RouterLink link, JsonMapper json) {
        this.reads = client(link.url(), link.timeout());
        this.checks = client(link.url(), HEALTH_CHECK_TIMEOUT);
        this.json = json;
    }

    private static RestClient client(String url, Duration readTimeout) {
        // HttpURLConnection: timeouts without a scheduler thread that outlives the context.
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().baseUrl(url).requestFactory(requests).build();
    }

    /** {@code {"providers": [...]}} as the router shows them. */
    JsonNode providers() {
        return parse(
                call(() -> reads.get().uri("/actuator/providers").retrieve().toEntity(String.class)));
    }

    /** The router's health-check report; empty when it knows no such provider. */
    Optional<JsonNode> healthCheck(String provider) {
        ResponseEntity<String> answer = call(() -> checks.post()
                .uri("/actuator/providers/{name}", provider)
                .contentType(MediaType.APPLICATION_JSON) // actuator takes JSON only; the body is empty
                .body("{}")
                .retrieve()
                .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {})
                .toEntity(String.class));
        if (answer.getStatusCode().value() == HttpStatus.NOT_FOUND.value() || answer.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(parse(answer));
    }

    private JsonNode parse(ResponseEntity<String> answer) {
        try {
            return json.readTree(answer.getBody());
        } catch (JacksonException e) {
            throw new RouterUnavailable("the router answered with a body that is not JSON", e);
        }
    }

    private static ResponseEntity<String> call(java.util.function.Supplier<ResponseEntity<String>> request) {
        try {
            return request.get();
        } catch (RestClientException e) {
            throw new RouterUnavailable("the router did not answer: " + e.getMessage(), e);
        }
    }
}
