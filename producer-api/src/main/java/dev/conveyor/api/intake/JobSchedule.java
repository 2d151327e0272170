package dev.conveyor.api.intake;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.InvalidRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's lane and deadline: {@code priority} must name a lane; {@code deadline} (an ISO-8601
 * instant) or {@code completion_window} (a duration from now) becomes one absolute deadline, which
 * must lie in the future and at most {@link #LONGEST} ahead.
 */
public final class JobSchedule {

    static final Duration LONGEST = Duration.ofDays(30);

    /**
     * A batch window at least this long makes its jobs deferrable: OpenAI's Batch API takes
     * {@code completion_window} "24h", and providers' batch APIs (OpenAI Batch, Anthropic Message
     * Batches) finish within 24 hours, so a client that gave a day accepts their wait.
     */
    static final Duration DEFERRABLE_WINDOW = Duration.ofHours(24);

    private static final Pattern SHORT = Pattern.compile("(\\d{1,7})\\s*(s|m|h|d)");

    private JobSchedule() {}

    /** @throws InvalidRequest naming {@code /priority}, {@code /deadline} or {@code /completion_window} */
    static JobSubmission resolve(JobSubmission job, ApiSettings.Lanes lanes, String defaultLane, Instant now) {
        String lane = job.priority() != null ? job.priority() : defaultLane;
        if (lanes.topic(lane) == null) {
            throw new InvalidRequest(
                    "/priority",
                    "priority should be one of the lanes " + lanes.topics().keySet());
        }
        if (job.deadline() != null && job.completionWindow() != null) {
            throw new InvalidRequest("/completion_window", "give a deadline or a completion_window, not both");
        }
        Instant deadline = null;
        String field = "/deadline";
        if (job.deadline() != null) {
            deadline = instant(job.deadline());
        } else if (job.completionWindow() != null) {
            field = "/completion_window";
            deadline = now.plus(duration(job.completionWindow()));
        }
        if (deadline != null) {
            if (!deadline.isAfter(now)) {
                throw new InvalidRequest(field, "the deadline " + deadline + " is in the past");
            }
            if (deadline.isAfter(now.plus(LONGEST))) {
                throw new InvalidRequest(field, "the deadline may be at most " + LONGEST.toDays() + " days ahead");
            }
        }
        return job.withSchedule(lane, deadline == null ? null : deadline.toString());
    }

    /**
     * Checks a batch's own {@code priority} and {@code completion_window} (query parameters), which
     * its jobs take unless they name their own.
     *
     * @throws InvalidRequest naming the parameter at fault
     */
    public static void checkBatchOptions(
            String priority, String completionWindow, ApiSettings.Lanes lanes, Instant now) {
        if (priority != null && lanes.topic(priority) == null) {
            throw new InvalidRequest(
                    "priority",
                    "priority should be one of the lanes " + lanes.topics().keySet());
        }
        if (completionWindow != null) {
            try {
                Duration window = duration(completionWindow);
                if (window.isNegative() || window.isZero() || window.compareTo(LONGEST) > 0) {
                    throw new InvalidRequest(
                            "/completion_window",
                            "completion_window should be above 0 and at most " + LONGEST.toDays() + " days");
                }
            } catch (InvalidRequest e) {
                throw new InvalidRequest("completion_window", e.getMessage());
            }
        }
    }

    /** Whether a batch's {@code completion_window} (already checked) lets its jobs wait for a batch API. */
    static boolean defers(String completionWindow) {
        return completionWindow != null && duration(completionWindow).compareTo(DEFERRABLE_WINDOW) >= 0;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(
                    "/deadline", "deadline should be an ISO-8601 date and time with offset, e.g. 2026-12-24T18:00:00Z");
        }
    }

    private static Duration duration(String text) {
        Matcher shortForm = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(
                    "/completion_window", "completion_window should be a duration such as 24h, 90m, 30s or PT2H");
        }
    }
}
