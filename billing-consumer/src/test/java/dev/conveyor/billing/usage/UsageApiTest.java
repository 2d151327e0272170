package dev.conveyor.billing.usage;

import static dev.conveyor.billing.UsageEvents.batch;
import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.billing.ledger.Ledger;
import dev.conveyor.billing.ledger.UsageRecord;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class UsageApiTest extends BillingIntegrationTest {

    @Autowired
    Ledger ledger;

    private String tenant;
    private final List<UsageEvent> events = new ArrayList<>();

    @BeforeEach
    void usageOverThreeMonths() {
        tenant = tenant("usage-api");
        String[] providers = {"openai", "anthropic", "gemini"};
        String[] models = {"gpt-x", "claude-y", "gemini-z", "gpt-mini"};
        String[] tasks = {"code", "docs", "tests"};
        Instant start = Instant.parse("2026-09-28T22:30:00Z");
        for (int i = 0; i < 120; i++) {
            Instant at = start.plusSeconds(i * 17L * 3600 + i * 61L);
            UsageEvent call = event(
                    tenant,
                    providers[i % 3],
                    models[i % 4],
                    tasks[i % 3],
                    100L + i * 13,
                    20L + i * 7,
                    i % 5 == 0 ? 50 : 0,
                    BigDecimal.valueOf(1_000_003L * i + 7, 9).toPlainString(),
                    at);
            // every fourth call went through a batch API (a deferred job) at about half its list cost
            events.add(
                    i % 4 == 3
                            ? batch(
                                    call,
                                    BigDecimal.valueOf(2_000_005L * i + 3, 9).toPlainString())
                            : call);
        }
        ledger.append(events.stream().map(UsageRecord::of).toList());
        events.add(events.get(3)); // a duplicate (of a batch call) is never counted
        ledger.append(List.of(UsageRecord.of(events.get(3))));
        events.removeLast();
        // another tenant's usage never shows
        ledger.append(List.of(UsageRecord.of(event(tenant("other"), "m", "code", 9, 9, "9", start))));
    }

    @Test
    void totalsEqualTheSumOfTheRawEvents() {
        JsonNode usage = getJson("/v1/usage?tenant=" + tenant);

        assertThat(usage.get("tenant").asString()).isEqualTo(tenant);
        assertThat(usage.get("requests").asLong()).isEqualTo(events.size());
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(sum(events, UsageEvent::getInputTokens));
        assertThat(usage.get("output_tokens").asLong()).isEqualTo(sum(events, UsageEvent::getOutputTokens));
        assertThat(usage.get("cached_input_tokens").asLong()).isEqualTo(sum(events, UsageEvent::getCachedInputTokens));
        assertThat(usage.get("cost_usd").isString()).isTrue();
        assertThat(usage.get("cost_usd").asString()).isEqualTo(cost(events).toPlainString());
        assertThat(usage.get("batch_savings_usd").isString()).isTrue();
        assertThat(usage.get("batch_savings_usd").asString())
                .isEqualTo(savings(events).toPlainString())
                .isNotEqualTo("0.000000000");
        assertThat(usage.has("groups")).isFalse();
    }

    @Test
    void everyGroupingReconcilesExactlyWithTheRawEvents() {
        Map<String, Function<UsageEvent, String>> groupings = Map.of(
                "day",
                e -> day(e).toString(),
                "week",
                e -> week(day(e)),
                "month",
                e -> day(e).toString().substring(0, 7),
                "model",
                UsageEvent::getModel,
                "provider",
                UsageEvent::getProvider,
                "task_type",
                UsageEvent::getTaskType);
        groupings.forEach((groupBy, keyOf) -> {
            JsonNode usage = getJson("/v1/usage?tenant=" + tenant + "&group_by=" + groupBy);
            Map<String, List<UsageEvent>> expected =
                    events.stream().collect(Collectors.groupingBy(keyOf, TreeMap::new, Collectors.toList()));

            assertThat(usage.get("group_by").asString()).isEqualTo(groupBy);
            assertThat(usage.get("cost_usd").asString()).isEqualTo(cost(events).toPlainString());
            List<String> keys = new ArrayList<>();
            usage.get("groups").forEach(group -> {
                String key = group.get("key").asString();
                keys.add(key);
                List<UsageEvent> inGroup = expected.get(key);
                assertThat(inGroup).as(groupBy + " " + key).isNotNull();
                assertThat(group.get("requests").asLong()).isEqualTo(inGroup.size());
                assertThat(group.get("input_tokens").asLong()).isEqualTo(sum(inGroup, UsageEvent::getInputTokens));
                assertThat(group.get("output_tokens").asLong()).isEqualTo(sum(inGroup, UsageEvent::getOutputTokens));
                assertThat(group.get("cached_input_tokens").asLong())
                        .isEqualTo(sum(inGroup, UsageEvent::getCachedInputTokens));
                assertThat(group.get("cost_usd").asString())
                        .isEqualTo(cost(inGroup).toPlainString());
                assertThat(group.get("batch_savings_usd").asString())
                        .as(groupBy + " " + key)
                        .isEqualTo(savings(inGroup).toPlainString());
            });
            assertThat(keys).as(groupBy).containsExactlyElementsOf(expected.keySet());
        });
    }

    @Test
    void fromAndToAreInclusiveUtcDates() {
        LocalDate from = LocalDate.parse("2026-10-05");
        LocalDate to = LocalDate.parse("2026-10-20");
        List<UsageEvent> inRange = events.stream()
                .filter(e -> !day(e).isBefore(from) && !day(e).isAfter(to))
                .toList();

        JsonNode usage = getJson("/v1/usage?tenant=" + tenant + "&from=" + from + "&to=" + to + "&group_by=day");

        assertThat(inRange).isNotEmpty();
        assertThat(usage.get("requests").asLong()).isEqualTo(inRange.size());
        assertThat(usage.get("cost_usd").asString()).isEqualTo(cost(inRange).toPlainString());
        assertThat(usage.get("groups").get(0).get("key").asString()).isGreaterThanOrEqualTo(from.toString());
    }

    @Test
    void wholeMonthRangesReconcileWithTheRawEventsToo() {
        List<UsageEvent> october =
                events.stream().filter(e -> day(e).getMonthValue() == 10).toList();

        JsonNode byModel = getJson("/v1/usage?tenant=" + tenant + "&from=2026-10-01&to=2026-10-31&group_by=model");
        JsonNode byDay = getJson("/v1/usage?tenant=" + tenant + "&from=2026-10-01&to=2026-10-31&group_by=day");

        assertThat(byModel.get("requests").asLong())
                .isEqualTo(october.size())
                .isEqualTo(byDay.get("requests").asLong());
        assertThat(byModel.get("cost_usd").asString())
                .isEqualTo(cost(october).toPlainString())
                .isEqualTo(byDay.get("cost_usd").asString());
        assertThat(byModel.get("cached_input_tokens").asLong())
                .isEqualTo(sum(october, UsageEvent::getCachedInputTokens));
        assertThat(byModel.get("batch_savings_usd").asString())
                .isEqualTo(savings(october).toPlainString())
                .isEqualTo(byDay.get("batch_savings_usd").asString());
    }

    @Test
    void unknownTenantHasZeroUsage() {
        JsonNode usage = getJson("/v1/usage?tenant=nobody-" + RUN);

        assertThat(usage.get("requests").asLong()).isZero();
        assertThat(usage.get("cost_usd").asString()).isEqualTo("0.000000000");
        assertThat(usage.get("batch_savings_usd").asString()).isEqualTo("0.000000000");
    }

    @Test
    void badQueriesAreProblemsNamingTheField() {
        assertThat(problemField("/v1/usage")).isEqualTo("tenant");
        assertThat(problemField("/v1/usage?tenant=t&from=yesterday")).isEqualTo("from");
        assertThat(problemField("/v1/usage?tenant=t&from=2026-10-02&to=2026-10-01"))
                .isEqualTo("to");
        assertThat(problemField("/v1/usage?tenant=t&group_by=hour")).isEqualTo("group_by");
        assertThat(problemField("/v1/usage?tenant=%20")).isEqualTo("tenant");
    }

    @Test
    void aBadPercentEncodingIsAProblemNamingTheQuery() throws Exception {
        // java.net.URI refuses to send it, so the request is written by hand
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET /v1/usage?tenant=t&from=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/problem+json")
                    .contains("\"field\":\"query\"");
        }
    }

    @Test
    void anUnknownPathIsATypedProblemToo() {
        HttpResponse<String> response = get("/v1/no-such-thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asString())
                .isEqualTo("https://conveyor.dev/problems/not-found");
    }

    @Test
    void aPathTomcatRefusesBeforeAnyServletIsAProblemNotAnHtmlPage() throws Exception {
        // an encoded slash: Tomcat rejects it itself, so only its error report valve can answer
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET /v1/usage%2f..%2fadmin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply)
                    .startsWith("HTTP/1.1 400")
                    .contains("application/problem+json")
                    .contains("\"type\":\"https://conveyor.dev/problems/invalid-request\"")
                    .doesNotContain("<html");
        }
    }

    private String problemField(String query) {
        HttpResponse<String> response = get(query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        JsonNode field = JSON.readTree(response.body()).get("field");
        assertThat(field).as(query + " answered " + response.body()).isNotNull();
        return field.asString();
    }

    private static LocalDate day(UsageEvent e) {
        return LocalDate.ofInstant(e.getTimestamp(), ZoneOffset.UTC);
    }

    private static String week(LocalDate day) {
        return String.format(
                "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static long sum(List<UsageEvent> events, java.util.function.ToLongFunction<UsageEvent> field) {
        return events.stream().mapToLong(field).sum();
    }

    private static BigDecimal cost(List<UsageEvent> events) {
        return events.stream().map(UsageEvent::getCostUsd).reduce(new BigDecimal("0.000000000"), BigDecimal::add);
    }

    /** What the batch calls among {@code events} saved: list cost less cost, exactly. */
    private static BigDecimal savings(List<UsageEvent> events) {
        return events.stream()
                .filter(UsageEvent::getBatchApi)
                .map(e -> e.getListCostUsd().subtract(e.getCostUsd()))
                .reduce(new BigDecimal("0.000000000"), BigDecimal::add);
    }
}
