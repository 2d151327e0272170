package dev.conveyor.router;

import dev.conveyor.catalog.Protocol;
import dev.conveyor.catalog.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code conveyor.router}, checked where it is bound: a bad value fails start-up
 * with a message naming its key. Enums bind from Spring's relaxed names ({@code local-first},
 * {@code spill}, {@code reported}, {@code anthropic}).
 *
 * @param jobsInFlight jobs the dispatch engine keeps in flight; 0: the call cap and a tenth more
 */
@ConfigurationProperties("conveyor.router")
public record RouterSettings(
        @DefaultValue Topics topics,
        @DefaultValue("PT60S") Duration callTimeout,
        @DefaultValue("2000") int inFlightCap,
        @DefaultValue Retry retry,
        @DefaultValue Circuit circuit,
        @DefaultValue Cache cache,
        Map<String, Provider> providers,
        Map<String, Route> routes,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Scheduling scheduling,
        @DefaultValue("0") int jobsInFlight,
        @DefaultValue Tenants tenants,
        @DefaultValue Retention retention,
        @DefaultValue Budget budget,
        @DefaultValue Deferral deferral,
        @DefaultValue Telemetry telemetry) {

    private static final String PREFIX = "conveyor.router.";

    @ConstructorBinding
    public RouterSettings {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        rateLimits = rateLimits == null ? RateLimits.NONE : rateLimits;
        scheduling = scheduling == null ? Scheduling.DEFAULT : scheduling;
        tenants = tenants == null ? new Tenants(true) : tenants;
        retention = retention == null ? Retention.DEFAULT : retention;
        budget = budget == null ? Budget.DEFAULT : budget;
        deferral = deferral == null ? Deferral.DEFAULT : deferral;
        telemetry = telemetry == null ? Telemetry.DEFAULT : telemetry;
        check(
                callTimeout != null && callTimeout.isPositive(),
                "call-timeout",
                "should be a positive duration such as 60s");
        check(inFlightCap > 0, "in-flight-cap", "should be greater than 0");
        check(
                jobsInFlight == 0 || jobsInFlight >= inFlightCap,
                "jobs-in-flight",
                "should be 0 (twice the cap) or at least conveyor.router.in-flight-cap " + inFlightCap + " (was "
                        + jobsInFlight + ")");
        providers.forEach((name, p) -> check(
                p.baseUrl() == null || p.baseUrl().isBlank() || p.baseUrl().matches("https?://.+"),
                "providers." + name + ".base-url",
                "should be an http(s) URL, was '" + p.baseUrl() + "'"));
        providers.forEach((name, p) -> check(
                p.promptCacheMinTokens() >= 0,
                "providers." + name + ".prompt-cache-min-tokens",
                "should be 0 (no cache breakpoints) or more, was " + p.promptCacheMinTokens()));
        routes.forEach((task, r) -> check(
                (r.chain() != null && !r.chain().isBlank()) || !r.models().isEmpty(),
                "routes." + task,
                "should name a chain or list at least one provider/model"));
    }

    /** Settings with everything not named here at its default: for tests and embedding. */
    public RouterSettings(
            Topics topics,
            Duration callTimeout,
            int inFlightCap,
            Retry retry,
            Circuit circuit,
            Cache cache,
            Map<String, Provider> providers,
            Map<String, Route> routes) {
        this(
                topics,
                callTimeout,
                inFlightCap,
                retry,
                circuit,
                cache,
                providers,
                routes,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * How long the router keeps what it stores, swept every {@code interval} in batches of {@code
     * batchSize} rows. Completion records answer a redelivered job from its record instead of a
     * second paid call, so they must outlive every delivery of it: the default 8 days is Kafka's
     * default retention of the request topics (7 days) and one more; raise it with the topics'
     * {@code retention.ms}. Response-cache rows go once expired ({@code cache.ttl}).
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("P8D") Duration completions,
            @DefaultValue("PT10M") Duration interval,
            @DefaultValue("1000") int batchSize) {

        public static final Retention DEFAULT = new Retention(true, Duration.ofDays(8), Duration.ofMinutes(10), 1000);

        public Retention {
            check(
                    completions != null && completions.isPositive(),
                    "retention.completions",
                    "should be a positive duration such as 8d");
            check(
                    interval != null && interval.isPositive(),
                    "retention.interval",
                    "should be a positive duration such as 10m");
            check(batchSize > 0, "retention.batch-size", "should be greater than 0");
        }
    }

    /**
     * Cluster-wide budget reservations ({@code conveyor.router.budget}).
     *
     * @param enabled whether calls reserve against tenants' budgets at all
     * @param failClosed when the budget state cannot be read: true makes the tenant's jobs wait
     *     and ask again (then fail with {@code BUDGET_UNAVAILABLE} after {@code maxWait}) instead of
     *     calling; false (the default, so a router without billing's views still runs) calls without a
     *     reservation, which can overshoot the budget
     * @param refresh how long a tenant's budget and ledger spend, as billing has them, are reused
     * @param reservationTtl how long a reservation outlives a worker that died holding it
     * @param maxWait the longest a job waits for calls in flight to settle, or (policy {@code hold})
     *     for a raised budget or the next month; a job's own deadline may cut it shorter
     * @param retryInterval how often a waiting job asks again
     * @param promptMargin share added to the counted prompt tokens, for providers whose tokenizers count more
     */
    public record Budget(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("false") boolean failClosed,
            @DefaultValue("PT2S") Duration refresh,
            @DefaultValue("PT10M") Duration reservationTtl,
            @DefaultValue("PT1H") Duration maxWait,
            @DefaultValue("PT0.25S") Duration retryInterval,
            @DefaultValue("0.25") java.math.BigDecimal promptMargin) {

        public static final Budget DEFAULT = new Budget(
                true,
                false,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofMillis(250),
                new java.math.BigDecimal("0.25"));

        public Budget {
            check(refresh != null && !refresh.isNegative(), "budget.refresh", "should be 0 or more");
            check(
                    reservationTtl != null && reservationTtl.toMillis() > 0,
                    "budget.reservation-ttl",
                    "should be greater than 0");
            check(maxWait != null && !maxWait.isNegative(), "budget.max-wait", "should be 0 or more");
            check(
                    retryInterval != null && retryInterval.toMillis() > 0,
                    "budget.retry-interval",
                    "should be greater than 0");
            check(promptMargin != null && promptMargin.signum() >= 0, "budget.prompt-margin", "should be 0 or more");
        }
    }

    /**
     * Jobs that may wait go through their provider's batch API ({@code conveyor.router.deferral}).
     *
     * @param enabled whether any job is deferred
     * @param horizon a job whose deadline is at least this far away may wait for a provider batch
     *     (which a provider answers within 24 hours); the default leaves an hour for the batch to be
     *     flushed and, should it fail, for the job to be called synchronously
     * @param flushAge a provider batch is submitted once its oldest job has waited this long (or sooner,
     *     at the provider's request or byte limit)
     * @param pollInterval how often a submitted batch's status is asked
     * @param lease how long a worker owns a batch it submits, polls or collects; a worker that dies
     *     holding one is taken over once it runs out
     * @param maxQueuedRequests per provider, the most requests its open batches may hold at once, cluster-wide
     *     (its batch queue limit: Anthropic's requests in the processing queue, OpenAI's enqueued work,
     *     which depend on the account's tier); jobs beyond it wait deferred. A provider not named: no limit
     */
    public record Deferral(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT25H") Duration horizon,
            @DefaultValue("PT60S") Duration flushAge,
            @DefaultValue("PT30S") Duration pollInterval,
            @DefaultValue("PT2M") Duration lease,
            Map<String, Integer> maxQueuedRequests) {

        public static final Deferral DEFAULT = new Deferral(
                true,
                Duration.ofHours(25),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                null);

        public Deferral {
            check(horizon != null && !horizon.isNegative(), "deferral.horizon", "should be 0 or more, such as 25h");
            check(flushAge != null && !flushAge.isNegative(), "deferral.flush-age", "should be 0 or more, such as 60s");
            check(
                    pollInterval != null && pollInterval.isPositive(),
                    "deferral.poll-interval",
                    "should be positive, such as 30s");
            check(
                    lease != null && lease.compareTo(Duration.ofSeconds(5)) >= 0,
                    "deferral.lease",
                    "should be at least 5s");
            maxQueuedRequests = maxQueuedRequests == null ? Map.of() : Map.copyOf(maxQueuedRequests);
            maxQueuedRequests.forEach((provider, limit) -> check(
                    limit != null && limit > 0,
                    "deferral.max-queued-requests." + provider,
                    "should be greater than 0"));
        }
    }

    /**
     * Which consumer groups' lag this worker reports and how often ({@code conveyor.router.telemetry}).
     *
     * @param lagGroups consumer groups whose lag is read; empty turns it off
     * @param lagInterval how often they are read
     */
    public record Telemetry(
            @DefaultValue({"conveyor-router", "conveyor-billing", "conveyor-api"})
            List<String> lagGroups,

            @DefaultValue("15s") Duration lagInterval) {

        public static final Telemetry DEFAULT =
                new Telemetry(List.of("conveyor-router", "conveyor-billing", "conveyor-api"), Duration.ofSeconds(15));

        public Telemetry {
            lagGroups = lagGroups == null ? List.of() : List.copyOf(lagGroups);
            check(
                    lagInterval != null && lagInterval.isPositive(),
                    "telemetry.lag-interval",
                    "should be a positive duration such as 15s");
        }
    }

    /**
     * Whose jobs the router runs. {@code mustExist}: only jobs of tenants registered with producer-api
     * (a row in {@code intake.tenants}, read from the shared database); a job of any other tenant
     * fails as INVALID_REQUEST without a call. Off only where jobs come from pipelines for tenants
     * that are never registered (the benchmarks).
     */
    public record Tenants(@DefaultValue("true") boolean mustExist) {}

    /**
     * The jobs each dispatch engine keeps in flight: as set, else with scheduling twice the call cap (without it, the
     * cap and a tenth more). The jobs beyond
     * the cap are in their completion-record and cache lookups or publishing, which hold no call
     * slot, or wait for one: those are what the scheduler chooses among.
     */
    public int effectiveJobsInFlight() {
        if (jobsInFlight > 0) {
            return jobsInFlight;
        }
        long jobs = scheduling.enabled() ? 2L * inFlightCap : inFlightCap + Math.max(1, inFlightCap / 10);
        return (int) Math.min(Integer.MAX_VALUE, jobs);
    }

    private static void check(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(PREFIX + key + " " + message);
        }
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
            Map<String, Lane> lanes,
            List<String> replyTopics) {

        @ConstructorBinding
        public Topics {
            for (var topic : Map.of(
                            "requests", String.valueOf(requests),
                            "results", String.valueOf(results),
                            "usage", String.valueOf(usage),
                            "dead-letter", String.valueOf(deadLetter))
                    .entrySet()) {
                check(
                        !topic.getValue().isBlank() && !topic.getValue().equals("null"),
                        "topics." + topic.getKey(),
                        "should name a topic");
            }
            check(fallbackSteps >= 0, "topics.fallback-steps", "should be 0 or more");
            check(partitions > 0, "topics.partitions", "should be greater than 0");
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
            replyTopics = replyTopics == null ? List.of() : List.copyOf(replyTopics);
            Set<String> own = new java.util.HashSet<>(List.of(requests, usage, deadLetter));
            own.addAll(seen);
            for (String topic : replyTopics) {
                if (topic == null || topic.isBlank() || own.contains(topic) || topic.startsWith(requests + ".")) {
                    throw new IllegalArgumentException("conveyor.router.topics.reply-topics may not name '" + topic
                            + "': a reply topic is not blank and is none of the router's request, usage or"
                            + " dead-letter topics");
                }
            }
        }

        /** Where a job's result goes: its reply topic when allow-listed, else {@code results}. */
        public String resultTopic(dev.conveyor.schemas.CompletionRequest job) {
            CharSequence reply = job.getReplyTopic();
            return reply != null && replyTopics.contains(reply.toString()) ? reply.toString() : results;
        }

        /** The default lanes over the given request topic. */
        public Topics(
                String requests, String results, String usage, String deadLetter, int fallbackSteps, int partitions) {
            this(requests, results, usage, deadLetter, fallbackSteps, partitions, null, null);
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
            check(maxAttempts >= 1, "retry.max-attempts", "should be greater than 0");
            check(
                    initialBackoff != null && !initialBackoff.isNegative(),
                    "retry.initial-backoff",
                    "should be 0 or more");
            check(
                    maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
                    "retry.max-backoff",
                    "should be at least conveyor.router.retry.initial-backoff " + initialBackoff);
            check(maxRetryAfter != null && !maxRetryAfter.isNegative(), "retry.max-retry-after", "should be 0 or more");
        }
    }

    /**
     * One provider endpoint. {@code kind} names the wire protocol ({@code openai} for every
     * OpenAI-compatible server); a provider with no base URL, or no API key and no
     * {@code keyless: true}, is disabled. {@code maxTokensField} is the output cap's name for an
     * OpenAI-compatible server: {@code max_completion_tokens} (OpenAI, Azure) or {@code max_tokens}
     * (Mistral, which refuses the other; Ollama, vLLM, Together). {@code promptCacheMinTokens}: a prompt
     * prefix (the system prompt; the conversation before its last message) of at least this many
     * estimated tokens is marked for the provider's prompt cache where the protocol has explicit
     * breakpoints (Anthropic {@code cache_control}); 0 marks none. The default, 1,024, is
     * Anthropic's minimum cacheable length for Sonnet and Opus 4/4.1 (shorter marked prefixes are
     * not cached, and harmless); OpenAI and Gemini cache on their own. {@code batchApi}: jobs that may
     * wait are deferred to this provider's batch API at batch prices ({@code conveyor.router.deferral});
     * OpenAI's Batch API for kind {@code openai}, Message Batches for kind {@code anthropic}.
     */
    public record Provider(
            @DefaultValue("openai") Protocol kind,
            String baseUrl,
            @DefaultValue("/v1/chat/completions") String path,
            @DefaultValue("Authorization") String authHeader,
            @DefaultValue("Bearer ") String authPrefix,
            String apiKey,
            @DefaultValue("false") boolean keyless,
            @DefaultValue("max_completion_tokens") String maxTokensField,
            @DefaultValue("1024") int promptCacheMinTokens,
            @DefaultValue("false") boolean batchApi) {

        /** Prompt prefixes of this many estimated tokens or more are marked for caching unless set otherwise. */
        public static final int DEFAULT_PROMPT_CACHE_MIN_TOKENS = 1024;

        @ConstructorBinding
        public Provider {
            kind = kind == null ? Protocol.OPENAI : kind;
            maxTokensField =
                    maxTokensField == null || maxTokensField.isBlank() ? "max_completion_tokens" : maxTokensField;
            check(
                    maxTokensField.equals("max_completion_tokens") || maxTokensField.equals("max_tokens"),
                    "providers.*.max-tokens-field",
                    "should be max_completion_tokens or max_tokens, was '" + maxTokensField + "'");
            check(
                    !batchApi || kind != Protocol.GEMINI,
                    "providers.*.batch-api",
                    "is supported for kind openai (OpenAI's Batch API) and anthropic (Message Batches), not gemini");
        }

        /** An endpoint whose prompt prefixes are marked for caching from the default length on. */
        public Provider(
                Protocol kind,
                String baseUrl,
                String path,
                String authHeader,
                String authPrefix,
                String apiKey,
                boolean keyless,
                String maxTokensField) {
            this(
                    kind,
                    baseUrl,
                    path,
                    authHeader,
                    authPrefix,
                    apiKey,
                    keyless,
                    maxTokensField,
                    DEFAULT_PROMPT_CACHE_MIN_TOKENS,
                    false);
        }

        /** An endpoint that caps output with {@code max_completion_tokens}. */
        public Provider(
                Protocol kind,
                String baseUrl,
                String path,
                String authHeader,
                String authPrefix,
                String apiKey,
                boolean keyless) {
            this(kind, baseUrl, path, authHeader, authPrefix, apiKey, keyless, "max_completion_tokens");
        }

        /** An endpoint named by its protocol's lower-case name, as configuration spells it. */
        public Provider(
                String kind,
                String baseUrl,
                String path,
                String authHeader,
                String authPrefix,
                String apiKey,
                boolean keyless) {
            this(
                    Protocol.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                    baseUrl,
                    path,
                    authHeader,
                    authPrefix,
                    apiKey,
                    keyless);
        }

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
     * (zero or negative: never).
     */
    public record Circuit(
            @DefaultValue("3") int failureThreshold,
            @DefaultValue("PT5M") Duration coolDown,
            @DefaultValue("0.5") double failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("PT60S") Duration probeInterval) {

        @ConstructorBinding
        public Circuit {
            check(failureThreshold >= 1, "circuit.failure-threshold", "should be greater than 0");
            check(coolDown != null && coolDown.isPositive(), "circuit.cool-down", "should be a positive duration");
            check(
                    failureRateThreshold > 0 && failureRateThreshold <= 1,
                    "circuit.failure-rate-threshold",
                    "should be greater than 0 and at most 1 (a share of calls, e.g. 0.5), was " + failureRateThreshold);
            check(slidingWindowSize >= 1, "circuit.sliding-window-size", "should be greater than 0");
            check(
                    minimumCalls >= 1 && minimumCalls <= slidingWindowSize,
                    "circuit.minimum-calls",
                    "should be between 1 and conveyor.router.circuit.sliding-window-size (" + slidingWindowSize
                            + "), was " + minimumCalls);
            probeInterval = probeInterval == null ? Duration.ZERO : probeInterval;
        }

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
            check(ttl != null && ttl.isPositive(), "cache.ttl", "should be a positive duration such as 7d");
            ttlByTaskType.forEach((task, d) -> check(
                    d != null && d.isPositive(), "cache.ttl-by-task-type." + task, "should be a positive duration"));
            check(memoryEntries >= 0, "cache.memory-entries", "should be 0 or more");
        }
    }

    /**
     * What a task type routes to: a named chain of the catalog ({@code chain}), or an explicit list of
     * {@code provider/model} ({@code models}); {@code strategy} orders the candidates (default: the
     * chain's, else {@code cost}). A task type without a route uses the catalog's default chain.
     */
    public record Route(List<String> models, Strategy strategy, String chain) {

        public Route {
            models = models == null ? List.of() : List.copyOf(models);
        }
    }

    /** What a job does when a provider's limit has no permit for it: wait for one, or move on to the plan's next model. */
    public enum OnLimit {
        WAIT,
        SPILL
    }

    /** What a provider counts against its token limit: the max output tokens requested, or the output reported. */
    public enum ChargeOutput {
        REQUESTED,
        REPORTED
    }

    /**
     * Cluster-wide provider rate limits ({@code conveyor.router.rate-limits}); see RATE_LIMITS.md.
     * {@code maxWait} bounds how long a job waits for permits; {@code maxWaiting} how many jobs may
     * wait on one provider at once.
     */
    public record RateLimits(
            @DefaultValue("PT2M") Duration maxWait,
            @DefaultValue("1500") int maxWaiting,
            @DefaultValue("wait") OnLimit onLimit,
            @DefaultValue("0.02") double chunk,
            @DefaultValue("PT0.1S") Duration boundaryGuard,
            @DefaultValue("0.8") double cutOn429,
            @DefaultValue("0.1") double recoveryStep,
            Map<String, ProviderLimits> providers) {

        public static final RateLimits NONE = new RateLimits(
                Duration.ofMinutes(2), 1500, OnLimit.WAIT, 0.02, Duration.ofMillis(100), 0.8, 0.1, Map.of());

        public RateLimits {
            providers = providers == null ? Map.of() : Map.copyOf(providers);
            onLimit = onLimit == null ? OnLimit.WAIT : onLimit;
            String at = "rate-limits.";
            check(maxWait != null && !maxWait.isNegative(), at + "max-wait", "should be 0 or more");
            check(maxWaiting > 0, at + "max-waiting", "should be greater than 0");
            check(chunk > 0 && chunk <= 1, at + "chunk", "should be a share of the limit above 0 and at most 1");
            check(boundaryGuard != null && !boundaryGuard.isNegative(), at + "boundary-guard", "should be 0 or more");
            check(cutOn429 > 0 && cutOn429 <= 1, at + "cut-on429", "should be above 0 and at most 1");
            check(recoveryStep >= 0, at + "recovery-step", "should be 0 or more");
            providers.forEach((provider, p) -> check(
                    p.window() != null && p.window().toMillis() > 0,
                    at + "providers." + provider + ".window",
                    "should be longer than 0"));
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
            @DefaultValue("requested") ChargeOutput chargeOutput,
            Map<String, ModelLimits> models) {

        public ProviderLimits {
            models = models == null ? Map.of() : Map.copyOf(models);
            chargeOutput = chargeOutput == null ? ChargeOutput.REQUESTED : chargeOutput;
        }
    }

    /** Limits of one model under its provider's key; either may be left out. */
    public record ModelLimits(Long requestsPerMinute, Long tokensPerMinute) {}
}
