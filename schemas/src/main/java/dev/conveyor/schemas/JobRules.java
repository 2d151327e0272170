package dev.conveyor.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules every job obeys, wherever it enters: producer-api checks a submission with them before
 * it produces the job, and the router checks each {@link CompletionRequest} it reads from Kafka with
 * the same rules before it plans or calls anything. A fault is named by a JSON pointer into the
 * job as the HTTP API spells it ({@code /max_tokens}, {@code /messages/0/content}).
 *
 * <p>What only one side can know stays there: the configured task types, models and prompt size
 * limit in producer-api; whether the tenant exists and the catalog's models in the router.
 */
public final class JobRules {

    public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    public static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    public static final Set<String> ROLES = Set.of("user", "assistant", "system");
    public static final int MAX_METADATA_ENTRIES = 32;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 512;

    /** A rule a job breaks: the field (a JSON pointer) and what is wrong with it. */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private JobRules() {}

    /**
     * The first rule {@code job} breaks, checked in the order a reader meets its fields, or empty.
     *
     * @param replyTopics the topics a job may name as its {@code replyTopic}
     */
    public static Optional<Violation> check(CompletionRequest job, Set<String> replyTopics) {
        return first(
                checkJobId(job.getJobId()),
                checkTenantId(job.getTenantId()),
                checkPrompt(job.getMessages(), job.getSystemPrompt()),
                checkMaxTokens(job.getMaxTokens()),
                checkTemperature(job.getTemperature()),
                checkMetadata(job.getMetadata()),
                checkReplyTopic(job.getReplyTopic(), replyTopics));
    }

    public static Optional<Violation> checkJobId(CharSequence jobId) {
        return require(
                jobId != null && JOB_ID.matcher(jobId).matches(),
                "/job_id",
                "job_id should be 1-128 letters, digits, '.', '_', ':' or '-'");
    }

    public static Optional<Violation> checkTenantId(CharSequence tenantId) {
        return require(
                tenantId != null && TENANT_ID.matcher(tenantId).matches(),
                "/tenant_id",
                "tenant_id should be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /** Messages present, each with a known role and non-blank, well-formed content. */
    public static Optional<Violation> checkPrompt(List<ChatMessage> messages, CharSequence systemPrompt) {
        if (messages == null || messages.isEmpty()) {
            return violation("/messages", "messages should hold at least one message (or give a template_id)");
        }
        if (systemPrompt != null && !wellFormed(systemPrompt)) {
            return violation("/system_prompt", "text should be valid Unicode without NUL characters");
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null) {
                return violation("/messages/" + i, "a message should be an object with role and content");
            }
            if (m.getRole() == null || !ROLES.contains(m.getRole().toString())) {
                return violation("/messages/" + i + "/role", "role should be one of " + new TreeSet<>(ROLES));
            }
            CharSequence content = m.getContent();
            if (content == null || content.toString().isBlank()) {
                return violation("/messages/" + i + "/content", "content is empty");
            }
            if (!wellFormed(content)) {
                return violation("/messages/" + i + "/content", "text should be valid Unicode without NUL characters");
            }
        }
        return Optional.empty();
    }

    public static Optional<Violation> checkMaxTokens(Integer maxTokens) {
        return require(maxTokens != null && maxTokens >= 1, "/max_tokens", "max_tokens should be at least 1");
    }

    public static Optional<Violation> checkTemperature(Double temperature) {
        return require(
                temperature == null || (temperature >= 0 && temperature <= 2),
                "/temperature",
                "temperature should be between 0 and 2");
    }

    public static Optional<Violation> checkMetadata(Map<? extends CharSequence, ? extends CharSequence> metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            return violation("/metadata", "metadata may hold " + MAX_METADATA_ENTRIES + " entries");
        }
        for (Map.Entry<? extends CharSequence, ? extends CharSequence> e : metadata.entrySet()) {
            CharSequence key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_METADATA_KEY || !wellFormed(key)) {
                return violation(
                        "/metadata",
                        "metadata keys should be 1-" + MAX_METADATA_KEY
                                + " characters of valid Unicode without NUL characters");
            }
            String field = "/metadata/" + escape(key.toString());
            CharSequence value = e.getValue();
            if (value == null) {
                return violation(field, "metadata values should be strings");
            }
            if (!wellFormed(value)) {
                return violation(field, "text should be valid Unicode without NUL characters");
            }
            if (value.length() > MAX_METADATA_VALUE) {
                return violation(field, "metadata values may have " + MAX_METADATA_VALUE + " characters");
            }
        }
        return Optional.empty();
    }

    /** No reply topic (the configured result topic), or one of the allow-listed {@code replyTopics}. */
    public static Optional<Violation> checkReplyTopic(CharSequence replyTopic, Set<String> replyTopics) {
        return require(
                replyTopic == null || replyTopics.contains(replyTopic.toString()),
                "/reply_topic",
                "reply_topic should be one of the allow-listed reply topics " + new TreeSet<>(replyTopics));
    }

    /** False when {@code s} holds a NUL or a lone surrogate, which no UTF-8 encoder or PostgreSQL takes faithfully. */
    public static boolean wellFormed(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || c == '\u0000') {
                return false;
            }
        }
        return true;
    }

    /** A JSON pointer reference token (RFC 6901): '~' as "~0", '/' as "~1". */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    @SafeVarargs
    private static Optional<Violation> first(Optional<Violation>... checks) {
        for (Optional<Violation> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> require(boolean ok, String field, String message) {
        return ok ? Optional.empty() : violation(field, message);
    }

    private static Optional<Violation> violation(String field, String message) {
        return Optional.of(new Violation(field, message));
    }
}
