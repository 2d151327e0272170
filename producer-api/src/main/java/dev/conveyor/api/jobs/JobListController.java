package dev.conveyor.api.jobs;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.InvalidRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/jobs}: the caller's jobs, newest first, a page at a time in OpenAI's list shape
 * ({@code data}, {@code has_more}, {@code last_id}; pass {@code after=<last_id>} for the next page).
 */
@RestController
class JobListController {

    private static final Set<String> STATUSES = Set.of("queued", "succeeded", "failed");

    private final JobStore jobs;

    JobListController(JobStore jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/v1/jobs")
    Map<String, Object> list(
            Caller caller,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String status,
            @RequestParam(name = "batch_id", required = false) String batchId) {
        if (limit < 1 || limit > 100) {
            throw new InvalidRequest("limit", "limit should be from 1 to 100");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRequest("status", "status should be one of queued, succeeded, failed");
        }
        List<JobView> page = jobs.page(caller.tenantId(), after, status, batchId, limit + 1);
        boolean more = page.size() > limit;
        List<JobView> data = more ? page.subList(0, limit) : page;
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("has_more", more);
        list.put("last_id", data.isEmpty() ? null : data.getLast().jobId());
        return list;
    }
}
