package dev.conveyor.billing.reconcile;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GETs of a provider's admin API, page after page ({@code has_more}, {@code next_page}, passed
 * back as {@code page}), as both OpenAI's and Anthropic's usage and cost endpoints paginate.
 * Numbers are read as exact decimals.
 */
final class AdminHttp {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final int MAX_PAGES = 1000;

    private final RestClient http;
    private final Map<String, String> headers;
    private final String provider;

    AdminHttp(String provider, String baseUrl, Map<String, String> headers) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(5));
        requests.setReadTimeout(Duration.ofSeconds(30));
        this.http =
                RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
        this.headers = Map.copyOf(headers);
        this.provider = provider;
    }

    /** Every page's {@code data} buckets of {@code path} with the query {@code query} adds. */
    List<JsonNode> buckets(String path, Function<UriComponentsBuilder, UriComponentsBuilder> query) {
        List<JsonNode> buckets = new ArrayList<>();
        String page = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            UriComponentsBuilder uri = query.apply(UriComponentsBuilder.fromPath(path));
            if (page != null) {
                uri.queryParam("page", page);
            }
            JsonNode body = get(uri.encode().build().toUri());
            body.path("data").forEach(buckets::add);
            if (!body.path("has_more").asBoolean(false)
                    || body.path("next_page").isNull()) {
                return buckets;
            }
            page = body.path("next_page").asString();
        }
        throw new ReportUnavailable(
                provider + " " + path + " kept answering has_more after " + MAX_PAGES + " pages", null);
    }

    private JsonNode get(URI uri) {
        try {
            String body = http.get()
                    .uri(uri)
                    .headers(h -> headers.forEach(h::set))
                    .retrieve()
                    .body(String.class);
            return JSON.readTree(body == null ? "{}" : body);
        } catch (RestClientException | JacksonException e) {
            // the message names the path, never the admin key
            throw new ReportUnavailable(provider + " admin API failed on " + uri.getPath() + ": " + e.getMessage(), e);
        }
    }
}
