package dev.conveyor.billing.budget;

import static dev.conveyor.billing.UsageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conveyor.billing.BillingIntegrationTest;
import dev.conveyor.billing.ledger.Ledger;
import dev.conveyor.billing.ledger.UsageRecord;
import dev.conveyor.schemas.AlertMetric;
import dev.conveyor.schemas.AvroSerdes;
import dev.conveyor.schemas.BudgetAlert;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class BudgetAlertTest extends BillingIntegrationTest {

    private static KafkaConsumer<String, Object> alertReader;
    private static final List<BudgetAlert> seen = new ArrayList<>();

    @Autowired
    Ledger ledger;

    @Autowired
    AlertPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void readAlerts() {
        Map<String, Object> config =
                new HashMap<>(AvroSerdes.consumerConfig(INFRA.registry().apiUrl()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-reader-" + RUN);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        alertReader = new KafkaConsumer<>(config);
        alertReader.subscribe(List.of(ALERTS_TOPIC));
    }

    @AfterAll
    static void closeReader() {
        alertReader.close();
    }

    @Test
    void crossingEachThresholdPublishesExactlyOneAlertEvenWhenUsageIsRedelivered() {
        String tenant = tenant("budget");
        Instant now = Instant.now();
        assertThat(put("/v1/tenants/" + tenant + "/budget", "{\"monthly_budget_usd\": \"1.00\"}")
                        .statusCode())
                .isEqualTo(200);

        List<UsageEvent> first = List.of(
                event(tenant, "m", "code", 10, 10, "0.300000000", now),
                event(tenant, "m", "code", 10, 10, "0.300000000", now));
        publish(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> alertsFor(tenant).size() == 1);
        assertThat(alertsFor(tenant).get(0).getThresholdPercent()).isEqualTo(50);

        List<UsageEvent> second = List.of(event(tenant, "m", "code", 10, 10, "0.450000000", now));
        publish(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> alertsFor(tenant).size() == 3);

        // Redelivery of everything, and another publishing sweep: nothing new.
        List<UsageRecord> all = new ArrayList<>();
        first.forEach(e -> all.add(UsageRecord.of(e)));
        second.forEach(e -> all.add(UsageRecord.of(e)));
        ledger.append(all);
        publish(first);
        awaitConsumerCaughtUp();
        publisher.publishPending();
        pollAlerts();

        List<BudgetAlert> alerts = alertsFor(tenant);
        assertThat(alerts).extracting(BudgetAlert::getThresholdPercent).containsExactly(50, 80, 100);
        assertThat(alerts).extracting(BudgetAlert::getMetric).containsOnly(AlertMetric.COST_USD);
        assertThat(alerts).extracting(BudgetAlert::getAlertId).doesNotHaveDuplicates();
        assertThat(alerts.get(2).getLimitValue()).isEqualTo(new BigDecimal("1.000000000"));
        assertThat(alerts.get(2).getUsedValue()).isEqualTo(new BigDecimal("1.050000000"));
        assertThat(alerts.get(0).getAlertId())
                .isEqualTo(AlertIds.of(
                        tenant, java.time.YearMonth.now(java.time.ZoneOffset.UTC), AlertMetric.COST_USD, 50));
        assertThat(jdbc.sql("SELECT count(*) FROM billing.alerts WHERE tenant_id = ? AND published_at IS NOT NULL"
                                + " AND metric <> 'FORECAST_COST_USD'")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void tokenQuotaRaisesTokenAlertsAtTheTenantsOwnThresholds() {
        String tenant = tenant("quota");
        put("/v1/tenants/" + tenant + "/budget", "{\"monthly_token_quota\": 1000, \"thresholds\": [90, 25]}");

        publish(List.of(event(tenant, "m", "code", 200, 100, "0.000000001", Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertsFor(tenant).size() == 1);
        publish(List.of(event(tenant, "m", "code", 500, 100, "0.000000001", Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertsFor(tenant).size() == 2);

        assertThat(alertsFor(tenant)).extracting(BudgetAlert::getMetric).containsOnly(AlertMetric.TOKENS);
        assertThat(alertsFor(tenant))
                .extracting(BudgetAlert::getThresholdPercent)
                .containsExactly(25, 90);
        assertThat(alertsFor(tenant).get(1).getUsedValue()).isEqualByComparingTo("900");
    }

    @Test
    void loweringTheBudgetBelowThisMonthsSpendAlertsAtOnce() {
        String tenant = tenant("lowered");
        ledger.append(List.of(UsageRecord.of(event(tenant, "m", "code", 1, 1, "5.000000000", Instant.now()))));

        put("/v1/tenants/" + tenant + "/budget", "{\"monthly_budget_usd\": 4.5, \"thresholds\": [100]}");

        await().atMost(Duration.ofSeconds(30)).until(() -> alertsFor(tenant).size() == 1);
        JsonNode budget = getJson("/v1/tenants/" + tenant + "/budget");
        assertThat(budget.get("monthly_budget_usd").asString()).isEqualTo("4.500000000");
        assertThat(budget.get("thresholds").get(0).asInt()).isEqualTo(100);
    }

    @Test
    void badBudgetInputIsAProblemNamingTheField() {
        HttpResponse<String> negative = put("/v1/tenants/t1/budget", "{\"monthly_budget_usd\": \"-1\"}");
        HttpResponse<String> tooPrecise = put("/v1/tenants/t1/budget", "{\"monthly_budget_usd\": \"0.0000000001\"}");
        HttpResponse<String> threshold = put("/v1/tenants/t1/budget", "{\"thresholds\": [0]}");
        HttpResponse<String> garbage = put("/v1/tenants/t1/budget", "{not json");
        HttpResponse<String> badTenant = put("/v1/tenants/a%09b/budget", "{}");

        assertThat(List.of(negative, tooPrecise, threshold, garbage, badTenant))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400))
                .allSatisfy(r -> assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json")));
        assertThat(JSON.readTree(negative.body()).get("field").asString()).isEqualTo("/monthly_budget_usd");
        assertThat(JSON.readTree(tooPrecise.body()).get("field").asString()).isEqualTo("/monthly_budget_usd");
        assertThat(JSON.readTree(threshold.body()).get("field").asString()).isEqualTo("/thresholds/0");
        assertThat(JSON.readTree(garbage.body()).get("field").asString()).isEqualTo("/");
        assertThat(JSON.readTree(badTenant.body()).get("field").asString()).isEqualTo("tenant");
        assertThat(get("/v1/tenants/nobody-" + RUN + "/budget").statusCode()).isEqualTo(404);
    }

    @Test
    void theMonthsProjectedSpendReachingTheBudgetRaisesOneForecastAlert() {
        String tenant = tenant("forecast");
        Instant midMarch = Instant.parse("2027-03-16T00:00:00Z"); // 15 of March's 31 days passed
        clock.set(midMarch);
        put("/v1/tenants/" + tenant + "/budget", "{\"monthly_budget_usd\": \"10\", \"thresholds\": [100]}");

        publish(List.of(event(tenant, "m", "code", 10, 10, "4.000000000", midMarch)));
        awaitConsumerCaughtUp();
        assertThat(forecastsFor(tenant)).as("4 USD in 15 days projects to 8.27").isEmpty();
        publish(List.of(event(tenant, "m", "code", 10, 10, "1.000000000", midMarch)));
        await().atMost(Duration.ofSeconds(30)).until(() -> forecastsFor(tenant).size() == 1);
        publish(List.of(event(tenant, "m", "code", 10, 10, "0.500000000", midMarch)));
        awaitConsumerCaughtUp();
        publisher.publishPending();

        assertThat(forecastsFor(tenant)).singleElement().satisfies(alert -> {
            assertThat(alert.getMonth()).isEqualTo("2027-03");
            assertThat(alert.getLimitValue()).isEqualByComparingTo("10");
            assertThat(alert.getUsedValue())
                    .as("5 USD over 15 days, carried to 31")
                    .isEqualByComparingTo("10.333333333");
        });
        assertThat(alertsFor(tenant)).as("spend itself stays under the budget").isEmpty();
        JsonNode usage = getJson("/v1/usage?tenant=" + tenant);
        assertThat(usage.get("forecast").get("month").asString()).isEqualTo("2027-03");
        assertThat(usage.get("forecast").get("month_to_date_usd").asString()).isEqualTo("5.500000000");
        assertThat(usage.get("forecast").get("projected_month_usd").asString()).isEqualTo("11.366666667");
    }

    /** The tenant's threshold alerts of its budget and quota. */
    private static synchronized List<BudgetAlert> alertsFor(String tenant) {
        pollAlerts();
        return seen.stream()
                .filter(a -> a.getTenantId().equals(tenant))
                .filter(a -> a.getMetric() != AlertMetric.FORECAST_COST_USD)
                .toList();
    }

    private static synchronized List<BudgetAlert> forecastsFor(String tenant) {
        pollAlerts();
        return seen.stream()
                .filter(a -> a.getTenantId().equals(tenant))
                .filter(a -> a.getMetric() == AlertMetric.FORECAST_COST_USD)
                .toList();
    }

    private static synchronized void pollAlerts() {
        alertReader.poll(Duration.ofMillis(300)).forEach(r -> seen.add((BudgetAlert) r.value()));
    }
}
