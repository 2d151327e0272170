package dev.conveyor.api.deadletters;

import dev.conveyor.api.ApiSettings;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.schemas.JobRules;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter topics for operators (admin key): {@code GET /v1/admin/dead-letters} lists the
 * latest records of one; {@code POST /v1/admin/dead-letters/redrive} re-drives records, by job id
 * or all since a time, once the cause is fixed ({@link DeadLetters}).
 */
@RestController
@RequestMapping("/v1/admin/dead-letters")
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final ApiSettings settings;

    DeadLetterController(DeadLetters deadLetters, ApiSettings settings) {
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** {@code job_ids} or {@code since} (an ISO-8601 instant), not both; {@code topic}: one of {@code conveyor.api.redrive.topics}. */
    record RedriveRequest(List<String> jobIds, String since, String topic) {}

    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) String topic, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidRequest("limit", "limit should be from 1 to 500");
        }
        String from = topic(topic, "topic");
        return Map.of("object", "list", "topic", from, "data", deadLetters.latest(from, limit));
    }

    @PostMapping("/redrive")
    DeadLetters.Redriven redrive(@RequestBody RedriveRequest body) {
        if ((body.jobIds() == null) == (body.since() == null)) {
            throw new InvalidRequest("/", "give either job_ids (a list of job ids) or since (an ISO-8601 instant)");
        }
        if (body.jobIds() != null) {
            if (body.jobIds().isEmpty()
                    || body.jobIds().size() > settings.redrive().maxRecords()) {
                throw new InvalidRequest(
                        "/job_ids",
                        "job_ids should list 1 to " + settings.redrive().maxRecords() + " job ids");
            }
            // a key that is no job id (NUL, a lone surrogate, a megabyte) names no job the router would take
            for (int i = 0; i < body.jobIds().size(); i++) {
                if (JobRules.checkJobId(body.jobIds().get(i)).isPresent()) {
                    throw new InvalidRequest(
                            "/job_ids/" + i, "a job id should be 1-128 letters, digits, '.', '_', ':' or '-'");
                }
            }
        }
        Instant since = null;
        if (body.since() != null) {
            try {
                since = Instant.parse(body.since());
            } catch (DateTimeParseException e) {
                throw new InvalidRequest("/since", "since should be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            }
        }
        return deadLetters.redrive(topic(body.topic(), "/topic"), body.jobIds(), since);
    }

    private String topic(String topic, String field) {
        if (topic == null) {
            return settings.redrive().topics().getFirst();
        }
        if (!settings.redrive().topics().contains(topic)) {
            throw new InvalidRequest(
                    field, "topic should be one of " + settings.redrive().topics());
        }
        return topic;
    }
}
