package dev.conveyor.api;

import dev.conveyor.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code conveyor.api}, checked when it is bound: a bad value fails start-up with
 * a message naming its key.
 *
 * @param adminKey the bearer key of the admin API; blank means one is generated for this process
 */
@ConfigurationProperties("conveyor.api")
public record ApiSettings(
        @DefaultValue(Topics.REQUESTS) String requestsTopic,
        @DefaultValue(Topics.RESULTS) String resultsTopic,

        @DefaultValue({"code_analysis", "refactoring", "documentation", "test_generation"})
        Set<String> taskTypes,

        @DefaultValue("code_analysis") String defaultTaskType,
        @DefaultValue("200000") int maxPromptChars,
        @DefaultValue("1024") int defaultMaxTokens,
        @DefaultValue("PT10S") Duration kafkaAckTimeout,
        @DefaultValue("http://localhost:8082") String billingUrl,
        String adminKey,
        @DefaultValue("50000") int maxBatchJobs,
        @DefaultValue("200MB") DataSize maxBatchSize,
        @DefaultValue("1000") int batchInFlight,
        @DefaultValue Quota quota,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Lanes lanes,
        @DefaultValue Retention retention,
        @DefaultValue Redrive redrive) {

    @ConstructorBinding
    public ApiSettings {
        lanes = (lanes == null ? Lanes.DEFAULT : lanes).over(requestsTopic);
        retention = retention == null ? Retention.DEFAULT : retention;
        redrive = redrive == null ? Redrive.DEFAULT : redrive;
        taskTypes = Set.copyOf(taskTypes);
        check(!taskTypes.isEmpty(), "conveyor.api.task-types", "should list at least one task type");
        check(
                defaultTaskType == null || defaultTaskType.isBlank() || taskTypes.contains(defaultTaskType),
                "conveyor.api.default-task-type",
                "'" + defaultTaskType + "' should be one of conveyor.api.task-types " + taskTypes);
        check(maxPromptChars > 0, "conveyor.api.max-prompt-chars", "should be greater than 0");
        check(defaultMaxTokens > 0, "conveyor.api.default-max-tokens", "should be greater than 0");
        check(
                kafkaAckTimeout.isPositive(),
                "conveyor.api.kafka-ack-timeout",
                "should be a positive duration such as 10s");
        check(maxBatchJobs > 0, "conveyor.api.max-batch-jobs", "should be greater than 0");
        check(maxBatchSize.toBytes() > 0, "conveyor.api.max-batch-size", "should be a positive size such as 200MB");
        check(batchInFlight > 0, "conveyor.api.batch-in-flight", "should be greater than 0");
        check(
                adminKey == null || adminKey.isBlank() || adminKey.length() >= 16,
                "conveyor.api.admin-key",
                "should be at least 16 characters (or unset, to generate one)");
    }

    /** Settings with the default lanes over {@code requestsTopic}. */
    public ApiSettings(
            String requestsTopic,
            String resultsTopic,
            Set<String> taskTypes,
            String defaultTaskType,
            int maxPromptChars,
            int defaultMaxTokens,
            Duration kafkaAckTimeout,
            String billingUrl,
            String adminKey,
            int maxBatchJobs,
            DataSize maxBatchSize,
            int batchInFlight,
            Quota quota,
            RateLimit rateLimit) {
        this(
                requestsTopic,
                resultsTopic,
                taskTypes,
                defaultTaskType,
                maxPromptChars,
                defaultMaxTokens,
                kafkaAckTimeout,
                billingUrl,
                adminKey,
                maxBatchJobs,
                maxBatchSize,
                batchInFlight,
                quota,
                rateLimit,
                null,
                null,
                null);
    }

    /**
     * The priority lanes ({@code conveyor.api.lanes}): each lane's request topic ({@code topics},
     * default {@code interactive}: {@code llm.requests.interactive} and {@code bulk}: the requests
     * topic; keep them in step with {@code conveyor.router.topics.lanes}), and the lane of a job that
     * names none: {@code jobs} for {@code POST /v1/jobs}, {@code batches} for a batch's jobs.
     */
    public record Lanes(
            Map<String, String> topics,
            @DefaultValue(Topics.INTERACTIVE) String jobs,
            @DefaultValue(Topics.BULK) String batches) {

        static final Lanes DEFAULT = new Lanes(null, Topics.INTERACTIVE, Topics.BULK);

        public Lanes {
            topics = topics == null ? Map.of() : Map.copyOf(topics);
        }

        /** These lanes with the default topics filled in and every name checked. */
        Lanes over(String requestsTopic) {
            Map<String, String> filled = new java.util.LinkedHashMap<>();
            if (topics.isEmpty()) {
                filled.put(Topics.INTERACTIVE, Topics.lane(requestsTopic, Topics.INTERACTIVE));
                filled.put(Topics.BULK, Topics.lane(requestsTopic, Topics.BULK));
            } else {
                topics.forEach((lane, topic) ->
                        filled.put(lane, topic == null || topic.isBlank() ? Topics.lane(requestsTopic, lane) : topic));
            }
            check(
                    filled.containsKey(jobs),
                    "conveyor.api.lanes.jobs",
                    "'" + jobs + "' should be one of the lanes " + filled.keySet());
            check(
                    filled.containsKey(batches),
                    "conveyor.api.lanes.batches",
                    "'" + batches + "' should be one of the lanes " + filled.keySet());
            return new Lanes(java.util.Collections.unmodifiableMap(filled), jobs, batches);
        }

        /** The request topic of a lane this configuration has. */
        public String topic(String lane) {
            return topics.get(lane);
        }
    }

    /**
     * @param cacheTtl how long a tenant's budget and month-to-date usage from billing are reused
     * @param failOpen whether intake accepts jobs while billing cannot be asked
     */
    public record Quota(
            @DefaultValue("PT5S") Duration cacheTtl,
            @DefaultValue("true") boolean failOpen) {}

    /**
     * How long intake keeps a finished job's state ({@code GET /v1/jobs/{id}}, batch results,
     * Idempotency-Key replays): {@code jobs} after it finished; a batch goes with its jobs once
     * every one of them is that old. Queued jobs are never deleted. Swept every {@code interval} in
     * batches of {@code batchSize} rows.
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("P30D") Duration jobs,
            @DefaultValue("PT10M") Duration interval,
            @DefaultValue("1000") int batchSize) {

        public static final Retention DEFAULT = new Retention(true, Duration.ofDays(30), Duration.ofMinutes(10), 1000);

        public Retention {
            check(
                    jobs != null && jobs.isPositive(),
                    "conveyor.api.retention.jobs",
                    "should be a positive duration such as 30d");
            check(
                    interval != null && interval.isPositive(),
                    "conveyor.api.retention.interval",
                    "should be a positive duration such as 10m");
            check(batchSize > 0, "conveyor.api.retention.batch-size", "should be greater than 0");
        }
    }

    /**
     * Re-driving dead letters ({@code POST /v1/admin/dead-letters/redrive}): the dead-letter topics
     * an operator may re-drive from (the router's and billing's), how long one call may read a topic
     * before answering with what it found, and the most records it re-drives at once.
     */
    public record Redrive(
            @DefaultValue({Topics.DEAD_LETTER, Topics.USAGE_DEAD_LETTER})
            java.util.List<String> topics,

            @DefaultValue("PT60S") Duration scanTimeout,
            @DefaultValue("10000") int maxRecords) {

        public static final Redrive DEFAULT = new Redrive(
                java.util.List.of(Topics.DEAD_LETTER, Topics.USAGE_DEAD_LETTER), Duration.ofSeconds(60), 10_000);

        public Redrive {
            topics = java.util.List.copyOf(topics);
            check(!topics.isEmpty(), "conveyor.api.redrive.topics", "should list at least one dead-letter topic");
            check(
                    scanTimeout != null && scanTimeout.isPositive(),
                    "conveyor.api.redrive.scan-timeout",
                    "should be a positive duration such as 60s");
            check(maxRecords > 0, "conveyor.api.redrive.max-records", "should be greater than 0");
        }
    }

    /** @param defaultRequestsPerMinute for tenants without their own limit; 0 means no limit */
    public record RateLimit(@DefaultValue("0") int defaultRequestsPerMinute) {}

    private static void check(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
