package dev.conveyor.router.ratelimit;

import dev.conveyor.router.RouterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns {@code conveyor.router.rate-limits} (checked where bound) into buckets; a figure below 1 per window fails naming its key. */
final class Limits {

    private static final String PREFIX = "conveyor.router.rate-limits.";

    private Limits() {}

    static List<Bucket> buckets(Map<String, RouterSettings.ProviderLimits> providers) {
        List<Bucket> buckets = new ArrayList<>();
        providers.forEach((provider, p) -> {
            String at = "providers." + provider + ".";
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
