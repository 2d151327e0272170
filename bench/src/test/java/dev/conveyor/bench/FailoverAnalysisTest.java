package dev.conveyor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.bench.FailoverAnalysis.Attempt;
import dev.conveyor.bench.FailoverAnalysis.Call;
import dev.conveyor.bench.FailoverAnalysis.Model;
import dev.conveyor.bench.FailoverAnalysis.Result;
import dev.conveyor.bench.FailoverAnalysis.Transition;
import dev.conveyor.schemas.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverAnalysisTest {

    private static final Model PRIMARY = new Model("openai", "gpt-4.1-mini", "OPENAI");
    private static final Model FALLBACK = new Model("anthropic", "claude-haiku-4.5", "ANTHROPIC");
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static Call primaryCall(long millis) {
        return new Call("p-" + millis, "OPENAI", "gpt-4.1-mini", -1, at(millis));
    }

    private static Call fallbackCall(String jobId, int attemptNo, long millis) {
        return new Call(
                EventIds.forCall("tenant-0", jobId, attemptNo, "anthropic", "claude-haiku-4.5"),
                "ANTHROPIC",
                "claude-haiku-4.5",
                200,
                at(millis));
    }

    /** Open 1 000–4 000 (one call in flight when it opened), probe fails, open 4 000–7 000, probe succeeds. */
    private static final List<Transition> TRANSITIONS = List.of(
            new Transition(at(1_000), "CLOSED", "OPEN", 1),
            new Transition(at(4_000), "OPEN", "HALF_OPEN", 0),
            new Transition(at(4_010), "HALF_OPEN", "OPEN", 0),
            new Transition(at(7_010), "OPEN", "HALF_OPEN", 0),
            new Transition(at(7_020), "HALF_OPEN", "CLOSED", 0));

    @Test
    void openWindowsEndWhenTheProbeIsLetThrough() {
        assertThat(FailoverAnalysis.openWindows(TRANSITIONS, at(10_000)))
                .containsExactly(
                        new FailoverAnalysis.Window(at(1_000), at(4_000), 1),
                        new FailoverAnalysis.Window(at(4_010), at(7_010), 0));
        assertThat(FailoverAnalysis.openWindows(TRANSITIONS.subList(0, 3), at(10_000)))
                .last()
                .isEqualTo(new FailoverAnalysis.Window(at(4_010), at(10_000), 0));
    }

    @Test
    void callsInOpenWindowsCountButProbesAndOneCallInFlightAtOpeningDoNot() {
        List<Call> ledger = new ArrayList<>(List.of(
                primaryCall(900), // before it opened
                primaryCall(1_001), // in flight when it opened: forgiven
                primaryCall(4_000), // the first probe
                primaryCall(7_010), // the second probe
                primaryCall(7_500))); // closed again
        var outcome =
                FailoverAnalysis.analyze(PRIMARY, FALLBACK, TRANSITIONS, ledger, List.of(), at(6_000), at(10_000));
        assertThat(outcome.primaryCallsInOpenWindows()).isEqualTo(1);
        assertThat(outcome.primaryCallsWhileOpen()).isZero();

        ledger.add(primaryCall(5_000)); // let through while open: counted
        ledger.add(primaryCall(2_000)); // a second one in the first window: beyond the one in flight
        outcome = FailoverAnalysis.analyze(PRIMARY, FALLBACK, TRANSITIONS, ledger, List.of(), at(6_000), at(10_000));
        assertThat(outcome.primaryCallsInOpenWindows()).isEqualTo(3);
        assertThat(outcome.primaryCallsWhileOpen()).isEqualTo(2);
        assertThat(outcome.primaryCallsRefused()).isEqualTo(7);
    }

    @Test
    void fallbackGapRunsFromTheLastPrimaryAttemptsEndToTheFallbackCallsArrival() {
        Result afterRetries = new Result(
                "tenant-0",
                "job-1",
                true,
                "anthropic",
                "claude-haiku-4.5",
                List.of(
                        new Attempt("openai", "gpt-4.1-mini", "connection reset", at(500), 3),
                        new Attempt("openai", "gpt-4.1-mini", "connection reset", at(900), 2)));
        Result afterSkip = new Result(
                "tenant-0",
                "job-2",
                true,
                "anthropic",
                "claude-haiku-4.5",
                List.of(new Attempt(
                        "openai", "gpt-4.1-mini", "circuit open for openai/gpt-4.1-mini; not called", at(2_000), 0)));
        Result fallbackRetried = new Result(
                "tenant-0",
                "job-3",
                true,
                "anthropic",
                "claude-haiku-4.5",
                List.of(
                        new Attempt("openai", "gpt-4.1-mini", "connection reset", at(3_000), 1),
                        new Attempt("anthropic", "claude-haiku-4.5", "overloaded", at(3_100), 200)));
        Result plannedAround = new Result("tenant-0", "job-4", true, "anthropic", "claude-haiku-4.5", List.of());
        Result onPrimary = new Result("tenant-0", "job-5", true, "openai", "gpt-4.1-mini", List.of());
        Result missing = new Result(
                "tenant-0",
                "job-6",
                true,
                "anthropic",
                "claude-haiku-4.5",
                List.of(new Attempt("openai", "gpt-4.1-mini", "connection reset", at(3_000), 1)));
        List<Call> ledger = List.of(
                fallbackCall("job-1", 2, 942), // 40 ms after 902
                fallbackCall("job-2", 1, 2_015), // 15 ms
                fallbackCall("job-3", 1, 3_061), // the first fallback call (attempt 1), 60 ms after 3 001
                fallbackCall("job-3", 2, 3_400));

        var outcome = FailoverAnalysis.analyze(
                PRIMARY,
                FALLBACK,
                TRANSITIONS,
                ledger,
                List.of(afterRetries, afterSkip, fallbackRetried, plannedAround, onPrimary, missing),
                at(6_000),
                at(10_000));

        assertThat(outcome.fallbackGapsMs()).containsExactly(40.0, 15.0, 60.0);
        assertThat(outcome.fallbackJobs()).isEqualTo(4);
        assertThat(outcome.fallbackAfterFailedCall()).isEqualTo(3);
        assertThat(outcome.fallbackAfterSkip()).isEqualTo(1);
        assertThat(outcome.fallbackCallsNotInLedger()).isEqualTo(1);
        assertThat(outcome.servedByFallbackWithoutPrimary()).isEqualTo(1);
    }

    @Test
    void recoveryShareCountsCallsFromTheFirstClosingAfterTheOutage() {
        List<Call> ledger = List.of(
                primaryCall(6_500), // before it closed
                primaryCall(7_100),
                primaryCall(7_200),
                primaryCall(7_300),
                fallbackCall("job-9", 1, 7_400));
        var outcome =
                FailoverAnalysis.analyze(PRIMARY, FALLBACK, TRANSITIONS, ledger, List.of(), at(6_000), at(10_000));
        assertThat(outcome.closedAfterOutage()).isEqualTo(at(7_020));
        assertThat(outcome.callsAfterRecovery()).isEqualTo(4);
        assertThat(outcome.primaryShareAfterRecovery()).isEqualTo(0.75);

        var neverClosed = FailoverAnalysis.analyze(
                PRIMARY, FALLBACK, TRANSITIONS.subList(0, 3), ledger, List.of(), at(6_000), at(10_000));
        assertThat(neverClosed.closedAfterOutage()).isNull();
        assertThat(neverClosed.primaryShareAfterRecovery()).isNaN();
    }
}
