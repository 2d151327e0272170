package dev.conveyor.bench;

import dev.conveyor.schemas.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The failover scenario's measurements, from three sources that do not depend on each other's
 * word: the router's circuit history for the primary ({@code /actuator/circuits/history}), the
 * simulator's ledger (every call that reached it, with its arrival time and the router's request
 * id) and the jobs' results (their attempt history). Router and simulator run on one machine and
 * read the same system clock.
 *
 * <ul>
 *   <li><b>fallback gap</b> of a job that succeeded on the fallback after trying the primary: from
 *       the end of its last primary attempt ({@code startedAt + durationMs}) to the arrival at the
 *       simulator of its first fallback call, found by request id ({@link EventIds#forCall} of the
 *       job, the attempt number of that call, and the fallback model).
 *   <li><b>open windows</b>: from each change to OPEN to the next change away from it (to
 *       HALF_OPEN, when the probe is let through), or the end of the run. A primary call arriving in
 *       such a window reached the primary while the circuit was open; the probe arrives after its
 *       window's end and is not counted. A call the router let through just before the circuit
 *       opened can arrive a moment after: each window forgives at most the calls that were in flight
 *       when it opened ({@code inFlight} of the transition).
 *   <li><b>recovery</b>: from the first change to CLOSED at or after the outage's end, the share of
 *       the calls arriving at the simulator that went to the primary.
 * </ul>
 */
final class FailoverAnalysis {

    /** A provider/model as the router names it, and as the simulator's ledger names it. */
    record Model(String provider, String model, String protocol) {
        String key() {
            return provider + "/" + model;
        }
    }

    /** One ledger entry: request id, protocol, model, HTTP status (-1 refused), arrival time. */
    record Call(String requestId, String protocol, String model, int status, Instant time) {
        boolean to(Model m) {
            return m.protocol().equalsIgnoreCase(protocol) && m.model().equals(model);
        }
    }

    /** One circuit state change of the primary. */
    record Transition(Instant at, String from, String to, int inFlight) {}

    /** One attempt of a job's history. */
    record Attempt(String provider, String model, String errorMessage, Instant startedAt, long durationMs) {
        Instant end() {
            return startedAt.plusMillis(durationMs);
        }
    }

    /** A job's final result. */
    record Result(
            String tenantId, String jobId, boolean succeeded, String provider, String model, List<Attempt> attempts) {}

    /** A window in which the circuit was open. */
    record Window(Instant from, Instant to, int inFlightAtOpen) {
        boolean covers(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    /** One fallback: the end of the job's last primary attempt and its first fallback call's arrival. */
    record Gap(String jobId, Instant primaryEnd, Instant fallbackArrival) {}

    record Outcome(
            List<Gap> gaps,
            double[] fallbackGapsMs,
            int fallbackJobs,
            int fallbackAfterFailedCall,
            int fallbackAfterSkip,
            int fallbackCallsNotInLedger,
            int servedByFallbackWithoutPrimary,
            List<Window> openWindows,
            int primaryCallsInOpenWindows,
            int primaryCallsWhileOpen,
            int primaryCallsRefused,
            Instant closedAfterOutage,
            int callsAfterRecovery,
            int primaryCallsAfterRecovery) {

        double primaryShareAfterRecovery() {
            return callsAfterRecovery == 0 ? Double.NaN : (double) primaryCallsAfterRecovery / callsAfterRecovery;
        }
    }

    private FailoverAnalysis() {}

    /**
     * @param outageEnd when the driver ended the primary's outage
     * @param runEnd the end of the run: an open window with no end lasts until then
     */
    static Outcome analyze(
            Model primary,
            Model fallback,
            List<Transition> transitions,
            List<Call> ledger,
            List<Result> results,
            Instant outageEnd,
            Instant runEnd) {
        Map<String, Call> byRequestId = new HashMap<>();
        for (Call call : ledger) {
            byRequestId.putIfAbsent(call.requestId(), call);
        }
        List<Double> gaps = new ArrayList<>();
        List<Gap> detail = new ArrayList<>();
        int fallbackJobs = 0;
        int afterCall = 0;
        int afterSkip = 0;
        int notInLedger = 0;
        int withoutPrimary = 0;
        for (Result result : results) {
            if (!result.succeeded()
                    || !fallback.provider().equals(result.provider())
                    || !fallback.model().equals(result.model())) {
                continue;
            }
            List<Attempt> attempts = result.attempts();
            Attempt lastPrimary = null;
            int firstFallback = attempts.size();
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                boolean isPrimary =
                        a.provider().equals(primary.provider()) && a.model().equals(primary.model());
                if (isPrimary && firstFallback == attempts.size()) {
                    lastPrimary = a;
                } else if (!isPrimary
                        && a.provider().equals(fallback.provider())
                        && a.model().equals(fallback.model())
                        && firstFallback == attempts.size()) {
                    firstFallback = i;
                }
            }
            if (lastPrimary == null) {
                withoutPrimary++; // planned around the open circuit: never tried the primary
                continue;
            }
            fallbackJobs++;
            if (skipped(lastPrimary)) {
                afterSkip++;
            } else {
                afterCall++;
            }
            Call call = byRequestId.get(EventIds.forCall(
                    result.tenantId(), result.jobId(), firstFallback, fallback.provider(), fallback.model()));
            if (call == null) {
                notInLedger++;
                continue;
            }
            gaps.add(java.time.Duration.between(lastPrimary.end(), call.time()).toNanos() / 1e6);
            detail.add(new Gap(result.jobId(), lastPrimary.end(), call.time()));
        }

        List<Window> windows = openWindows(transitions, runEnd);
        int inWindows = 0;
        int whileOpen = 0;
        for (Window window : windows) {
            int n = 0;
            for (Call call : ledger) {
                if (call.to(primary) && window.covers(call.time())) {
                    n++;
                }
            }
            inWindows += n;
            whileOpen += Math.max(0, n - window.inFlightAtOpen());
        }
        int refused = 0;
        for (Call call : ledger) {
            if (call.to(primary) && call.status() == -1) {
                refused++;
            }
        }

        Instant closed = null;
        for (Transition t : transitions) {
            if ("CLOSED".equals(t.to()) && !t.at().isBefore(outageEnd)) {
                closed = t.at();
                break;
            }
        }
        int after = 0;
        int primaryAfter = 0;
        if (closed != null) {
            for (Call call : ledger) {
                if (!call.time().isBefore(closed)) {
                    after++;
                    if (call.to(primary)) {
                        primaryAfter++;
                    }
                }
            }
        }
        return new Outcome(
                detail,
                gaps.stream().mapToDouble(Double::doubleValue).toArray(),
                fallbackJobs,
                afterCall,
                afterSkip,
                notInLedger,
                withoutPrimary,
                windows,
                inWindows,
                whileOpen,
                refused,
                closed,
                after,
                primaryAfter);
    }

    /** An attempt the router recorded without calling: the circuit was open (ModelCaller's message). */
    static boolean skipped(Attempt attempt) {
        return attempt.errorMessage() != null && attempt.errorMessage().contains("not called");
    }

    static List<Window> openWindows(List<Transition> transitions, Instant runEnd) {
        List<Window> windows = new ArrayList<>();
        Transition opened = null;
        for (Transition t : transitions) {
            if ("OPEN".equals(t.to())) {
                opened = t;
            } else if (opened != null && "OPEN".equals(t.from())) {
                windows.add(new Window(opened.at(), t.at(), opened.inFlight()));
                opened = null;
            }
        }
        if (opened != null) {
            windows.add(new Window(opened.at(), runEnd, opened.inFlight()));
        }
        return windows;
    }
}
