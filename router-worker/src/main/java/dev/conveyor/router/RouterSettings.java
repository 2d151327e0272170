package dev.conveyor.router;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code conveyor.router}. Validated into domain objects at start-up. */
@ConfigurationProperties("conveyor.router")
public record RouterSettings(
        @DefaultValue Topics topics,
        @DefaultValue("PT60S") Duration callTimeout,
        @DefaultValue("2000") int inFlightCap,
        @DefaultValue Retry retry,
        @DefaultValue Circuit circuit,
        @DefaultValue Cache cache,
        Map<String, Provider> providers,
        List<Model> models,
        Map<String, Route> routes,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Scheduling scheduling) {

    @ConstructorBinding
    public RouterSettings {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        models = models == null ? List.of() : List.copyOf(models);
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        rateLimits = rateLimits == null ? RateLimits.NONE : rateLimits;
        scheduling = scheduling == null ? Scheduling.DEFAULT : scheduling;
    }

    /** Settings without rate limits. */
    public RouterSettings(
            Topics topics,
            Duration callTimeout,
            int inFlightCap,
            Retry retry,
            Circuit circuit,
            Cache cache,
            Map<String, Provider> providers,
            List<Model> models,
            Map<String, Route> routes) {
        this(topics, callTimeout, inFlightCap, retry, circuit, cache, providers, models, routes, RateLimits.NONE);
    }

    /** Settings with these rate limits and scheduling on. */
    public RouterSettings(
            Topics topics,
            Duration callTimeout,
            int inFlightCap,
            Retry retry,
            Circuit circuit,
            Cache cache,
            Map<String, Provider> providers,
            List<Model> models,
            Map<String, Route> routes,
            RateLimits rateLimits) {
        this(topics, callTimeout, inFlightCap, retry, circuit, cache, providers, models, routes, rateLimits, null);
    }

    /**
     * Who gets the next free call slot ({@code conveyor.router.scheduling}): with {@code enabled}, the
     * lane by weight, then the tenant by weighted fair queuing, then the earliest deadline; without,
     * first come, first served. Tenant weights are read every {@code weightsRefresh} from the
     * tenants producer-api keeps.
     */
    public record Scheduling(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT10S") Duration weightsRefresh) {

        public static final Scheduling DEFAULT = new Scheduling(true, Duration.ofSeconds(10));

        public Scheduling {
            if (weightsRefresh == null || !weightsRefresh.isPositive()) {
                throw new IllegalArgumentException(
                        "conveyor.router.scheduling.weights-refresh should be a positive duration (was "
                                + weightsRefresh + ")");
            }
        }
    }

    /**
     * The router's topics. {@code lanes} maps each priority lane to its request topic and weight
     * (default: {@code interactive}, {@code llm.requests.interactive}, 4; {@code bulk}, {@code
     * llm.requests}, 1); each lane has its own fallback topics, {@code <lane topic>.fallback-N}.
     */
    public record Topics(
            @DefaultValue(dev.conveyor.schemas.Topics.REQUESTS)
            String requests,

            @DefaultValue(dev.conveyor.schemas.Topics.RESULTS)
            String results,

            @DefaultValue(dev.conveyor.schemas.Topics.USAGE) String usage,

            @DefaultValue(dev.conveyor.schemas.Topics.DEAD_LETTER)
            String deadLetter,

            @DefaultValue("3") int fallbackSteps,
            @DefaultValue("12") int partitions,
            Map<String, Lane> lanes) {

        @ConstructorBinding
        public Topics {
            if (fallbackSteps < 0) {
                throw new IllegalArgumentException("conveyor.router.topics.fallback-steps should be 0 or more");
            }
            lanes = lanes == null || lanes.isEmpty() ? defaultLanes(requests) : withTopics(lanes, requests);
            Set<String> seen = new java.util.HashSet<>();
            for (var lane : lanes.entrySet()) {
                String key = "conveyor.router.topics.lanes." + lane.getKey();
                if (lane.getValue().weight() < 1) {
                    throw new IllegalArgumentException(key + ".weight should be greater than 0 (was "
                            + lane.getValue().weight() + ")");
                }
                if (!seen.add(lane.getValue().topic())) {
                    throw new IllegalArgumentException(
                            key + ".topic " + lane.getValue().topic() + " is already another lane's topic");
                }
            }
        }

        /** The default lanes over the given request topic. */
        public Topics(
                String requests, String results, String usage, String deadLetter, int fallbackSteps, int partitions) {
            this(requests, results, usage, deadLetter, fallbackSteps, partitions, null);
        }

        private static Map<String, Lane> defaultLanes(String requests) {
            Map<String, Lane> lanes = new java.util.LinkedHashMap<>();
            lanes.put(
                    dev.conveyor.schemas.Topics.INTERACTIVE,
                    new Lane(dev.conveyor.schemas.Topics.lane(requests, dev.conveyor.schemas.Topics.INTERACTIVE), 4));
            lanes.put(dev.conveyor.schemas.Topics.BULK, new Lane(requests, 1));
            return java.util.Collections.unmodifiableMap(lanes);
        }

        private static Map<String, Lane> withTopics(Map<String, Lane> lanes, String requests) {
            Map<String, Lane> filled = new java.util.LinkedHashMap<>();
            lanes.forEach((name, lane) -> filled.put(
                    name,
                    lane.topic() == null || lane.topic().isBlank()
                            ? new Lane(dev.conveyor.schemas.Topics.lane(requests, name), lane.weight())
                            : lane));
            return java.util.Collections.unmodifiableMap(filled);
        }

        /** Every lane's request topic, in the order the lanes are configured. */
        public java.util.List<String> laneTopics() {
            return lanes.values().stream().map(Lane::topic).toList();
        }

        /** Every lane's fallback topics. */
        public java.util.List<String> fallbacks() {
            return lanes.keySet().stream()
                    .flatMap(lane -> fallbacks(lane).stream())
                    .toList();
        }

        /** {@code <lane topic>.fallback-1} … {@code -N}. */
        public java.util.List<String> fallbacks(String lane) {
            String topic = lanes.get(lane).topic();
            return java.util.stream.IntStream.rangeClosed(1, fallbackSteps)
                    .mapToObj(step -> dev.conveyor.schemas.Topics.fallback(topic, step))
                    .toList();
        }

        /** Every topic the router consumes: each lane's request topic and its fallback topics. */
        public java.util.List<String> consumed() {
            java.util.List<String> all = new java.util.ArrayList<>(laneTopics());
            all.addAll(fallbacks());
            return all;
        }

        /** Where a topic the router consumes sits: its lane and plan step (0 on the lane's request topic). */
        public Place placeOf(String topic) {
            for (var lane : lanes.entrySet()) {
                if (lane.getValue().topic().equals(topic)) {
                    return new Place(lane.getKey(), 0);
                }
                int step = fallbacks(lane.getKey()).indexOf(topic);
                if (step >= 0) {
                    return new Place(lane.getKey(), step + 1);
                }
            }
            return new Place(lanes.keySet().iterator().next(), 0);
        }
    }

    /** A priority lane: its request topic ({@code requests.<lane>} when not set) and its weight. */
    public record Lane(String topic, @DefaultValue("1") int weight) {}

    /** A consumed topic's lane, and the step of the job's plan that topic carries. */
    public record Place(String lane, int step) {}

    /**
     * Retries of one model before the job moves on: {@code maxAttempts} calls in all, exponential
     * backoff with full jitter between them, a provider's Retry-After honoured up to {@code maxRetryAfter}.
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("PT0.5S") Duration initialBackoff,
            @DefaultValue("PT10S") Duration maxBackoff,
            @DefaultValue("PT30S") Duration maxRetryAfter) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("conveyor.router.retry.max-attempts should be greater than 0");
            }
        }
    }

    /**
     * One provider endpoint. {@code kind} names the wire protocol ({@code openai} for every
     * OpenAI-compatible server); a provider with no API key (and no {@code keyless: true}) is
     * disabled.
     */
    public record Provider(
            @DefaultValue("openai") String kind,
            String baseUrl,
            @DefaultValue("/v1/chat/completions") String path,
            @DefaultValue("Authorization") String authHeader,
            @DefaultValue("Bearer ") String authPrefix,
            String apiKey,
            @DefaultValue("false") boolean keyless) {

        public boolean enabled() {
            return baseUrl != null && !baseUrl.isBlank() && (keyless || (apiKey != null && !apiKey.isBlank()));
        }

        @Override
        public String toString() {
            return "Provider[kind=" + kind + ", baseUrl=" + baseUrl + ", path=" + path + ", apiKey="
                    + (apiKey == null || apiKey.isBlank() ? "<none>" : "<redacted>") + "]";
        }
    }

    /**
     * Circuit breakers per provider+model: open after {@code failureThreshold} consecutive failures,
     * or when failures reach {@code failureRateThreshold} of the last {@code slidingWindowSize}
     * calls (once there are {@code minimumCalls}); one probe after the cool-down. Every
     * {@code probeInterval} a background probe tries each open circuit whose cool-down has ended
     * (zero or negative: never). Validated where the breakers are built.
     */
    public record Circuit(
            @DefaultValue("3") int failureThreshold,
            @DefaultValue("PT5M") Duration coolDown,
            @DefaultValue("0.5") double failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("PT60S") Duration probeInterval) {

        @ConstructorBinding
        public Circuit {}

        /** The other settings at their defaults. */
        public Circuit(int failureThreshold, Duration coolDown) {
            this(failureThreshold, coolDown, 0.5, 20, 10, Duration.ofSeconds(60));
        }
    }

    /** The exact-match response cache: on by default, entries kept {@code ttl} unless the task type says otherwise. */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("P7D") Duration ttl,
            Map<String, Duration> ttlByTaskType,
            @DefaultValue("10000") int memoryEntries) {

        public Cache {
            ttlByTaskType = ttlByTaskType == null ? Map.of() : Map.copyOf(ttlByTaskType);
        }
    }

    /** A model in the catalog; prices are US dollars per million tokens. */
    public record Model(
            String provider,
            String id,
            BigDecimal inputPrice,
            BigDecimal outputPrice,
            BigDecimal cachedInputPrice,
            LocalDate pricesEffective,
            int contextWindow,
            int maxOutputTokens,
            Set<String> capabilities,
            @DefaultValue("2") int qualityTier) {}

    /** Candidate models for a task type, as {@code provider/model}, and the ordering strategy. */
    public record Route(
            List<String> models, @DefaultValue("cost") String strategy) {}

    /**
     * Cluster-wide provider rate limits ({@code conveyor.router.rate-limits}); see RATE_LIMITS.md.
     * {@code maxWait} bounds how long a job waits for permits; {@code maxWaiting} how many jobs may
     * wait on one provider at once; {@code onLimit} is {@code wait} or {@code spill} (move on to the
     * plan's next model instead of waiting).
     */
    public record RateLimits(
            @DefaultValue("PT2M") Duration maxWait,
            @DefaultValue("1500") int maxWaiting,
            @DefaultValue("wait") String onLimit,
            @DefaultValue("0.02") double chunk,
            @DefaultValue("PT0.1S") Duration boundaryGuard,
            @DefaultValue("0.8") double cutOn429,
            @DefaultValue("0.1") double recoveryStep,
            Map<String, ProviderLimits> providers) {

        public static final RateLimits NONE =
                new RateLimits(Duration.ofMinutes(2), 1500, "wait", 0.02, Duration.ofMillis(100), 0.8, 0.1, Map.of());

        public RateLimits {
            providers = providers == null ? Map.of() : Map.copyOf(providers);
        }
    }

    /**
     * One provider's limits, per API key (a provider entry has one key). {@code window} is the
     * provider's limit window; the per-minute figures are scaled to it. {@code chargeOutput}:
     * {@code requested} when the provider counts max output tokens against the limit (OpenAI, the
     * simulator), {@code reported} when it counts the output actually produced.
     */
    public record ProviderLimits(
            Long requestsPerMinute,
            Long tokensPerMinute,
            @DefaultValue("PT1M") Duration window,
            @DefaultValue("requested") String chargeOutput,
            Map<String, ModelLimits> models) {

        public ProviderLimits {
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /** Limits of one model under its provider's key; either may be left out. */
    public record ModelLimits(Long requestsPerMinute, Long tokensPerMinute) {}
}
