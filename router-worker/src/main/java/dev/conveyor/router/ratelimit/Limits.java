package dev.conveyor.router.ratelimit;

import dev.conveyor.router.RouterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns {@code conveyor.router.rate-limits} into validated buckets, failing fast with the bad key's name. */
final class Limits {

    private static final String PREFIX = "conveyor.router.rate-limits.";

    private Limits() {}

    static void validate(RouterSettings.RateLimits s) {
        require(s.maxWait() != null && !s.maxWait().isNegative(), "max-wait should be 0 or more");
        require(s.maxWaiting() > 0, "max-waiting should be greater than 0");
        require("wait".equals(s.onLimit()) || "spill".equals(s.onLimit()), "on-limit should be wait or spill");
        require(s.chunk() > 0 && s.chunk() <= 1, "chunk should be a share of the limit above 0 and at most 1");
        require(s.cutOn429() > 0 && s.cutOn429() <= 1, "cut-on429 should be above 0 and at most 1");
        require(s.recoveryStep() >= 0, "recovery-step should be 0 or more");
    }

    static List<Bucket> buckets(Map<String, RouterSettings.ProviderLimits> providers) {
        List<Bucket> buckets = new ArrayList<>();
        providers.forEach((provider, p) -> {
            String at = "providers." + provider + ".";
            require(p.window() != null && p.window().toMillis() > 0, at + "window should be longer than 0");
            require(
                    "requested".equals(p.chargeOutput()) || "reported".equals(p.chargeOutput()),
                    at + "charge-output should be requested or reported");
            add(buckets, provider, null, Kind.REQUESTS, p.requestsPerMinute(), p.window(), at + "requests-per-minute");
            add(buckets, provider, null, Kind.TOKENS, p.tokensPerMinute(), p.window(), at + "tokens-per-minute");
            p.models().forEach((model, m) -> {
                String mat = at + "models.[" + model + "].";
                add(
                        buckets,
                        provider,
                        model,
                        Kind.REQUESTS,
                        m.requestsPerMinute(),
                        p.window(),
                        mat + "requests-per-minute");
                add(buckets, provider, model, Kind.TOKENS, m.tokensPerMinute(), p.window(), mat + "tokens-per-minute");
            });
        });
        return buckets;
    }

    private static void add(
            List<Bucket> buckets,
            String provider,
            String model,
            Kind kind,
            Long perMinute,
            Duration window,
            String key) {
        if (perMinute == null) {
            return;
        }
        long perWindow = perMinute * window.toMillis() / 60_000;
        require(perWindow >= 1, key + " allows less than 1 per window of " + window);
        buckets.add(new Bucket(provider, model, kind, perWindow, window));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(PREFIX + message);
        }
    }
}
