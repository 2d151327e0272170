package dev.conveyor.api.jobs;

import dev.conveyor.api.auth.Caller;
import dev.conveyor.api.errors.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A job's state and result, for the tenant that owns it. */
@RestController
class JobStatusController {

    private final JobStore jobs;

    JobStatusController(JobStore jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/v1/jobs/{jobId}")
    JobView get(Caller caller, @PathVariable String jobId) {
        return jobs.find(caller.tenantId(), jobId).orElseThrow(() -> new NotFound("no job '" + jobId + "'"));
    }
}
