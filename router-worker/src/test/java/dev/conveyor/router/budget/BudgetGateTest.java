package dev.conveyor.router.budget;

import static dev.conveyor.router.TestSettings.model;
import static dev.conveyor.router.TestSettings.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.conveyor.catalog.Catalog;
import dev.conveyor.catalog.Model;
import dev.conveyor.catalog.Tokens;
import dev.conveyor.embedded.MutableClock;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.TestSettings;
import dev.conveyor.router.routing.PromptTokens;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class BudgetGateTest {

    private final Catalog catalog = TestSettings.catalog(
            List.of(model("p1", "premium", "100", "100", 100_000), model("p1", "cheap", "1", "1", 100_000)));
    private final Model premium = catalog.find("p1", "premium").orElseThrow();
    private final Model cheap = catalog.find("p1", "cheap").orElseThrow();
    private final Clock clock = Clock.systemUTC();
    private final YearMonth month = YearMonth.now(ZoneOffset.UTC);
    private final String tenant = "tenant-" + UUID.randomUUID();
    private final JdbcClient jdbc = BudgetDatabase.jdbc();
    private final ReservationStore store = new ReservationStore(jdbc);

    @Test
    void reservationsOfTwoWorkersTogetherNeverHoldMoreThanTheBudget() throws Exception {
        BigDecimal worst = worstCase(premium, job("probe"));
        BudgetDatabase.budget(tenant, worst.multiply(BigDecimal.TEN).toPlainString(), null, "reject");
        List<BudgetGate> workers = List.of(gate(budget(Duration.ZERO, false)), gate(budget(Duration.ZERO, false)));
        AtomicInteger granted = new AtomicInteger();
        List<CompletableFuture<Admission>> admissions = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                BudgetGate worker = workers.get(i % 2);
                CompletionRequest job = job("job-" + i);
                admissions.add(
                        CompletableFuture.supplyAsync(() -> worker.admit(job, premium, List.of(premium), 0), threads));
            }
            for (CompletableFuture<Admission> admission : admissions) {
                if (admission.get() instanceof Admission.Granted) {
                    granted.incrementAndGet();
                }
            }
        }

        assertThat(granted).hasValue(10);
        assertThat(store.account(tenant, month).reservedUsd()).isEqualByComparingTo(worst.multiply(BigDecimal.TEN));
    }

    @Test
    void aSettledCallCountsItsActualCostAndGivesTheRestOfItsReservationBack() {
        BudgetDatabase.budget(tenant, "100", 1_000_000L, "reject");
        BudgetGate gate = gate(budget(Duration.ZERO, false));

        Admission.Granted granted = (Admission.Granted) gate.admit(job("a"), premium, List.of(premium), 0);
        assertThat(store.account(tenant, month).reservedUsd()).isEqualByComparingTo(worstCase(premium, job("a")));
        gate.settle(granted, new BigDecimal("0.000123"), 42);

        ReservationStore.Account account = store.account(tenant, month);
        assertThat(account.reservedUsd()).isZero();
        assertThat(account.reservedTokens()).isZero();
        assertThat(account.settledUsd()).isEqualByComparingTo("0.000123");
        assertThat(account.settledTokens()).isEqualTo(42);
    }

    @Test
    void aJobThatWouldNotFitEvenWithNothingInFlightIsRefusedAtOnceUnderReject() {
        BigDecimal worst = worstCase(premium, job("a"));
        BudgetDatabase.budget(tenant, worst.toPlainString(), null, "reject");
        BudgetDatabase.ledger(tenant, month, "0.000000001", 1);
        BudgetGate gate = gate(budget(Duration.ofMinutes(1), false));

        Instant started = Instant.now();
        Admission admission = gate.admit(job("a"), premium, List.of(premium), 0);

        assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.errorType()).isEqualTo("BUDGET_EXCEEDED");
            assertThat(refused.message()).contains(tenant).contains("policy reject");
        });
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(store.account(tenant, month).reservedUsd()).isZero();
    }

    @Test
    void aJobHeldBackOnlyByCallsInFlightWaitsForThemToSettleAndThenReserves() {
        BudgetDatabase.budget(tenant, worstCase(premium, job("a")).toPlainString(), null, "reject");
        BudgetGate gate = gate(budget(Duration.ofMinutes(1), false));
        Admission.Granted first = (Admission.Granted) gate.admit(job("a"), premium, List.of(premium), 0);

        CompletableFuture<Admission> second =
                CompletableFuture.supplyAsync(() -> gate.admit(job("b"), premium, List.of(premium), 0));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        gate.release(first);

        assertThat(second.join()).isInstanceOf(Admission.Granted.class);
    }

    @Test
    void downgradeCallsTheCheapestModelOfTheChainThatStillFits() {
        BigDecimal half = worstCase(premium, job("a")).divide(BigDecimal.TWO);
        BudgetDatabase.budget(tenant, half.toPlainString(), null, "downgrade");
        BudgetGate gate = gate(budget(Duration.ZERO, false));

        Admission admission = gate.admit(job("a"), premium, List.of(premium, cheap), 0);

        assertThat(admission).isInstanceOfSatisfying(Admission.Granted.class, granted -> {
            assertThat(granted.spec()).isEqualTo(cheap);
            assertThat(granted.downgraded(premium)).isTrue();
        });
        assertThat(store.account(tenant, month).reservedUsd()).isEqualByComparingTo(worstCase(cheap, job("a")));
    }

    @Test
    void holdWaitsForARaisedBudget() {
        BudgetDatabase.budget(tenant, "0", null, "hold");
        BudgetGate gate = gate(budget(Duration.ofMinutes(1), false));

        CompletableFuture<Admission> held =
                CompletableFuture.supplyAsync(() -> gate.admit(job("a"), premium, List.of(premium), 0));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !held.isDone());
        BudgetDatabase.budget(tenant, "100", null, "hold");

        assertThat(held.join()).isInstanceOf(Admission.Granted.class);
    }

    @Test
    void holdEndsAtTheJobsDeadline() {
        BudgetDatabase.budget(tenant, "0", null, "hold");
        BudgetGate gate = gate(budget(Duration.ofMinutes(1), false));
        CompletionRequest job = CompletionRequest.newBuilder(job("a"))
                .setDeadline(Instant.now().plusMillis(300))
                .build();

        assertThat(gate.admit(job, premium, List.of(premium), 0))
                .isInstanceOfSatisfying(
                        Admission.Refused.class, r -> assertThat(r.errorType()).isEqualTo("BUDGET_EXCEEDED"));
    }

    @Test
    void theTokenQuotaHoldsLikeTheBudget() {
        CompletionRequest job = job("a");
        long tokens = PromptTokens.count(job) + job.getMaxTokens();
        BudgetDatabase.budget(tenant, null, tokens, "reject");
        BudgetGate gate = gate(budget(Duration.ZERO, false));

        assertThat(gate.admit(job, premium, List.of(premium), 0)).isInstanceOf(Admission.Granted.class);
        assertThat(gate.admit(job("b"), premium, List.of(premium), 0)).isInstanceOf(Admission.Refused.class);
        assertThat(store.account(tenant, month).reservedTokens()).isEqualTo(tokens);
    }

    @Test
    void theSameCallDeliveredTwiceHoldsOneReservation() {
        BudgetDatabase.budget(tenant, "100", null, "reject");
        BudgetGate gate = gate(budget(Duration.ZERO, false));

        gate.admit(job("a"), premium, List.of(premium), 0);
        gate.admit(job("a"), premium, List.of(premium), 0);

        assertThat(store.account(tenant, month).reservedUsd()).isEqualByComparingTo(worstCase(premium, job("a")));
    }

    @Test
    void theReservationsOfAWorkerThatDiedExpireAndAreGivenBack() {
        BigDecimal worst = worstCase(premium, job("a"));
        BudgetDatabase.budget(tenant, worst.toPlainString(), null, "reject");
        RouterSettings.Budget settings = budget(Duration.ZERO, false);
        gate(settings).admit(job("a"), premium, List.of(premium), 0); // its worker dies: never settled

        store.sweep(Instant.now().plus(settings.reservationTtl()).plusSeconds(1));

        assertThat(store.account(tenant, month).reservedUsd()).isZero();
        assertThat(gate(settings).admit(job("b"), premium, List.of(premium), 0)).isInstanceOf(Admission.Granted.class);
    }

    @Test
    void aTenantWithoutABudgetReservesNothing() {
        Admission admission = gate(budget(Duration.ZERO, false)).admit(job("a"), premium, List.of(premium), 0);

        assertThat(admission)
                .isInstanceOfSatisfying(
                        Admission.Granted.class,
                        g -> assertThat(g.reservation()).isEmpty());
        assertThat(store.account(tenant, month).reservedUsd()).isZero();
    }

    @Test
    void failingClosedNoCallIsAdmittedWhileTheBudgetStateCannotBeRead() {
        HikariDataSource closed = new HikariDataSource();
        closed.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        closed.close();
        JdbcClient unreadable = JdbcClient.create(closed);

        Admission closedAnswer = BudgetGate.create(
                        budget(Duration.ofMillis(300), true), unreadable, catalog, clock, new SimpleMeterRegistry())
                .admit(job("a"), premium, List.of(premium), 0);
        Admission openAnswer = BudgetGate.create(
                        budget(Duration.ofMillis(300), false), unreadable, catalog, clock, new SimpleMeterRegistry())
                .admit(job("a"), premium, List.of(premium), 0);

        assertThat(closedAnswer)
                .isInstanceOfSatisfying(
                        Admission.Refused.class, r -> assertThat(r.errorType()).isEqualTo("BUDGET_UNAVAILABLE"));
        assertThat(openAnswer)
                .isInstanceOfSatisfying(
                        Admission.Granted.class,
                        g -> assertThat(g.reservation()).isEmpty());
    }

    @Test
    void anUnreadableStandingIsAskedForAgainOnlyAfterRefresh() {
        AtomicInteger asked = new AtomicInteger();
        DataSource down = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        asked.incrementAndGet();
                        throw new SQLException("PostgreSQL is down");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        MutableClock now = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        RouterSettings.Budget refreshEveryMinute = new RouterSettings.Budget(
                true,
                false,
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ZERO,
                Duration.ofMillis(50),
                BigDecimal.ZERO);
        BudgetGate failingOpen =
                BudgetGate.create(refreshEveryMinute, JdbcClient.create(down), catalog, now, new SimpleMeterRegistry());

        for (int i = 0; i < 100; i++) {
            assertThat(failingOpen.admit(job("a" + i), premium, List.of(premium), 0))
                    .isInstanceOf(Admission.Granted.class);
        }
        int whileFresh = asked.get();
        now.advance(Duration.ofMinutes(2));
        failingOpen.admit(job("b"), premium, List.of(premium), 0);

        assertThat(whileFresh).isEqualTo(1);
        assertThat(asked.get()).isEqualTo(2);
    }

    private BudgetGate gate(RouterSettings.Budget settings) {
        return BudgetGate.create(settings, jdbc, catalog, clock, new SimpleMeterRegistry());
    }

    private static RouterSettings.Budget budget(Duration maxWait, boolean failClosed) {
        return new RouterSettings.Budget(
                true,
                failClosed,
                Duration.ZERO,
                Duration.ofMinutes(10),
                maxWait,
                Duration.ofMillis(50),
                BigDecimal.ZERO);
    }

    private BigDecimal worstCase(Model spec, CompletionRequest job) {
        return spec.cost(
                Tokens.of(PromptTokens.count(job), 0, job.getMaxTokens()),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private CompletionRequest job(String id) {
        return CompletionRequest.newBuilder()
                .setJobId(id + "-" + tenant)
                .setTenantId(tenant)
                .setTaskType("code_analysis")
                .setMessages(List.of(new ChatMessage("user", "review this")))
                .setMaxTokens(1000)
                .build();
    }
}
