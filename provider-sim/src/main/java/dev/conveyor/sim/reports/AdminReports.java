package dev.conveyor.sim.reports;

import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.Protocol;
import dev.conveyor.sim.Provider;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The providers' organization usage and cost reports, served from the simulator's own ledger with
 * admin keys, shaped as OpenAI and Anthropic document them:
 *
 * <ul>
 *   <li>{@code GET /v1/organization/usage/completions} and {@code GET /v1/organization/costs}
 *       (OpenAI; {@code Authorization: Bearer sk-admin-…}), of calls in OpenAI's and Azure's protocols;
 *   <li>{@code GET /v1/organizations/usage_report/messages} and {@code GET /v1/organizations/cost_report}
 *       (Anthropic; {@code x-api-key: sk-ant-admin…}), of calls in Anthropic's protocol.
 * </ul>
 *
 * The simulator keeps no price list, so cost buckets carry no lines. {@code POST /sim/ledger/adjustments}
 * records a call the simulator "charged" without anybody having made it, so a test can put a
 * discrepancy between a ledger and these reports.
 */
public final class AdminReports {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Supplier<List<LedgerEntry>> ledger;
    private final Consumer<LedgerEntry> record;
    private final Clock clock;

    public AdminReports(Supplier<List<LedgerEntry>> ledger, Consumer<LedgerEntry> record, Clock clock) {
        this.ledger = ledger;
        this.record = record;
        this.clock = clock;
    }

    /** The answer when the path is one of the reports (or the adjustments), else empty. */
    public Optional<ReportAnswer> handle(ReportRequest request) {
        String route = request.method() + " " + request.path();
        try {
            return Optional.ofNullable(
                    switch (route) {
                        case "GET /v1/organization/usage/completions" ->
                            openAi(request, () -> OpenAiReports.usage(request, entries(Provider.OPENAI)));
                        case "GET /v1/organization/costs" -> openAi(request, () -> OpenAiReports.costs(request));
                        case "GET /v1/organizations/usage_report/messages" ->
                            anthropic(request, () -> AnthropicReports.usage(request, entries(Provider.ANTHROPIC)));
                        case "GET /v1/organizations/cost_report" ->
                            anthropic(request, () -> AnthropicReports.costs(request));
                        case "POST /sim/ledger/adjustments" -> adjust(request);
                        default -> null;
                    });
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.of(
                    request.path().startsWith("/v1/organizations/")
                            ? AnthropicReports.error(400, "invalid_request_error", e.getMessage())
                            : OpenAiReports.error(400, "invalid_request_error", e.getMessage()));
        }
    }

    private ReportAnswer openAi(ReportRequest request, Supplier<ObjectNode> report) {
        String auth = request.header().apply("authorization");
        if (auth == null || !auth.startsWith("Bearer sk-admin-")) {
            return OpenAiReports.error(
                    401, "invalid_request_error", "This endpoint requires an admin API key (sk-admin-...).");
        }
        return new ReportAnswer(200, JSON.writeValueAsBytes(report.get()));
    }

    private ReportAnswer anthropic(ReportRequest request, Supplier<ObjectNode> report) {
        String key = request.header().apply("x-api-key");
        if (key == null || !key.startsWith("sk-ant-admin")) {
            return AnthropicReports.error(
                    401, "authentication_error", "This endpoint requires an Admin API key (sk-ant-admin...).");
        }
        return new ReportAnswer(200, JSON.writeValueAsBytes(report.get()));
    }

    private List<LedgerEntry> entries(Provider provider) {
        return ledger.get().stream()
                .filter(e -> e.protocol().provider() == provider)
                .toList();
    }

    private ReportAnswer adjust(ReportRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getOriginalMessage());
        }
        Instant time = body.hasNonNull("time") ? Instant.parse(body.get("time").asString()) : clock.instant();
        LedgerEntry entry = new LedgerEntry(
                "adjustment-" + UUID.randomUUID(),
                Protocol.valueOf(body.path("protocol").asString("OPENAI")),
                body.path("model").asString(""),
                body.path("inputTokens").asInt(0),
                body.path("outputTokens").asInt(0),
                body.path("cachedInputTokens").asInt(0),
                200,
                time,
                body.path("cacheCreationInputTokens").asInt(0),
                "stop");
        record.accept(entry);
        return new ReportAnswer(201, JSON.writeValueAsBytes(entry));
    }

    /** The integer query parameter, or {@code fallback} when absent. */
    static int integer(ReportRequest request, String name, int fallback, int min, int max) {
        String value = request.query().get(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + value);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
        }
        return parsed;
    }
}
