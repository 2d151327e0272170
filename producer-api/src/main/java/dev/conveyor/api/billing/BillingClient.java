package dev.conveyor.api.billing;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.BillingUnavailable;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * billing-consumer's HTTP API: the ledger's usage figures and tenants' budgets. producer-api reads
 * the ledger only through here and never writes to the billing schema.
 */
@Component
public class BillingClient {

    private final RestClient http;
    private final JsonMapper json;

    BillingClient(ApiSettings settings, JsonMapper json) {
        // HttpURLConnection: timeouts without a scheduler thread that outlives the context.
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder()
                .baseUrl(settings.billingUrl())
                .requestFactory(requests)
                .build();
        this.json = json;
    }

    /** A tenant's monthly limits; either may be null (no limit). */
    public record Budget(BigDecimal monthlyBudgetUsd, Long monthlyTokenQuota) {}

    /**
     * Ledger totals over some dates, and this month's projected spend at its burn rate (billing's
     * {@code forecast}; null when billing sent none).
     */
    public record Usage(
            long requests, long inputTokens, long outputTokens, BigDecimal costUsd, BigDecimal projectedMonthUsd) {}

    /** {@code GET /v1/usage} as billing answers it, status and body. */
    public ResponseEntity<String> usageReport(String tenant, String from, String to, String groupBy) {
        var uri = UriComponentsBuilder.fromPath("/v1/usage").queryParam("tenant", tenant);
        if (from != null) uri.queryParam("from", from);
        if (to != null) uri.queryParam("to", to);
        if (groupBy != null) uri.queryParam("group_by", groupBy);
        return call(() -> http.get()
                .uri(uri.encode().build().toUri())
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class));
    }

    /** {@code GET /v1/reconciliation?month=} as billing answers it: the ledger against providers' own reports. */
    public ResponseEntity<String> reconciliation(String month) {
        var uri = UriComponentsBuilder.fromPath("/v1/reconciliation").queryParam("month", month);
        return call(() -> http.get()
                .uri(uri.encode().build().toUri())
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class));
    }

    /**
     * The tenant's monthly billing export ({@code month} as {@code yyyy-MM}, {@code format} csv or
     * json) as billing answers it.
     */
    public ResponseEntity<String> export(String tenant, String month, String format) {
        return call(() -> http.get()
                .uri("/v1/exports/{tenant}/{month}." + format, tenant, month)
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class));
    }

    /** Usage from {@code from} (a UTC date) until now. */
    public Usage usageSince(String tenant, LocalDate from) {
        ResponseEntity<String> response = usageReport(tenant, from.toString(), null, null);
        if (!response.getStatusCode().is2xxSuccessful() || response.getBody() == null) {
            throw new BillingUnavailable("billing answered " + response.getStatusCode() + " for usage", null);
        }
        JsonNode body = parse(response.getBody());
        return new Usage(
                body.path("requests").asLong(),
                body.path("input_tokens").asLong(),
                body.path("output_tokens").asLong(),
                decimal(body.path("cost_usd")),
                body.path("forecast").has("projected_month_usd")
                        ? decimal(body.path("forecast").path("projected_month_usd"))
                        : null);
    }

    /** The tenant's limits; empty when billing has none for it. */
    public Optional<Budget> budget(String tenant) {
        ResponseEntity<String> response = budgetRaw(tenant);
        if (response.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return Optional.empty();
        }
        if (!response.getStatusCode().is2xxSuccessful() || response.getBody() == null) {
            throw new BillingUnavailable("billing answered " + response.getStatusCode() + " for a budget", null);
        }
        JsonNode body = parse(response.getBody());
        JsonNode usd = body.path("monthly_budget_usd");
        JsonNode tokens = body.path("monthly_token_quota");
        return Optional.of(new Budget(
                usd.isNull() || usd.isMissingNode() ? null : decimal(usd),
                tokens.isNull() || tokens.isMissingNode() ? null : tokens.asLong()));
    }

    /** {@code GET /v1/tenants/{tenant}/budget} as billing answers it. */
    public ResponseEntity<String> budgetRaw(String tenant) {
        return call(() -> http.get()
                .uri("/v1/tenants/{tenant}/budget", tenant)
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class));
    }

    /** {@code PUT /v1/tenants/{tenant}/budget} with the given JSON body, as billing answers it. */
    public ResponseEntity<String> putBudget(String tenant, String body) {
        return call(() -> http.put()
                .uri("/v1/tenants/{tenant}/budget", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class));
    }

    private static BigDecimal decimal(JsonNode node) {
        try {
            return new BigDecimal(node.asString("0"));
        } catch (NumberFormatException e) {
            throw new BillingUnavailable("billing answered an amount that is not a decimal", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new BillingUnavailable("billing answered with a body that is not JSON", e);
        }
    }

    /**
     * Billing's answer as producer-api's own: a success as billing sent it (status, content type,
     * body); a refusal mapped to this API's typed errors, so the problem names the field as billing
     * did (a body's JSON pointer, or a query parameter's name; the whole body when it named none) and
     * this API's path, never billing's.
     */
    public ResponseEntity<String> relay(ResponseEntity<String> answer, String what) {
        if (answer.getStatusCode().is2xxSuccessful()) {
            return answer;
        }
        int status = answer.getStatusCode().value();
        if (status == 404) {
            throw new NotFound("no " + what);
        }
        if (status == 400 || status == 422) {
            JsonNode problem = answer.getBody() == null ? null : parseOrNull(answer.getBody());
            String field = problem == null ? "" : problem.path("field").asString("");
            String detail = problem == null ? "" : problem.path("detail").asString("");
            // billing names fields as this API does: a body's as a JSON pointer, a query parameter by its name
            throw new InvalidRequest(
                    field.isEmpty() ? "/" : field, detail.isEmpty() ? "billing refused the " + what : detail);
        }
        throw new BillingUnavailable("billing answered " + status + " for the " + what, null);
    }

    private JsonNode parseOrNull(String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Billing's status, content type and body; none of its other headers. */
    private static ResponseEntity<String> call(java.util.function.Supplier<ResponseEntity<String>> request) {
        try {
            ResponseEntity<String> answer = request.get();
            if (answer.getStatusCode().is5xxServerError()) {
                throw new BillingUnavailable(
                        "billing answered " + answer.getStatusCode().value(), null);
            }
            ResponseEntity.BodyBuilder relay = ResponseEntity.status(answer.getStatusCode());
            MediaType type = answer.getHeaders().getContentType();
            if (type != null) {
                relay.contentType(type);
            }
            return relay.body(answer.getBody());
        } catch (RestClientException e) {
            throw new BillingUnavailable(e.getMessage(), e);
        }
    }
}
