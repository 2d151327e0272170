package dev.conveyor.api.intake;

import dev.conveyor.api.jobs.JobStore;
import dev.conveyor.api.jobs.JobView;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/v1/jobs")
class JobController {

    private final JobIntake intake;
    private final JobStore jobs;

    JobController(JobIntake intake, JobStore jobs) {
        this.intake = intake;
        this.jobs = jobs;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> submit(@RequestBody JobSubmission submission) {
        String jobId = intake.submit(submission);
        return ResponseEntity.accepted()
                .location(URI.create("/v1/jobs/" + jobId))
                .body(Map.of("job_id", jobId, "status", "queued"));
    }

    @GetMapping("/{jobId}")
    ResponseEntity<JobView> get(@PathVariable String jobId) {
        return jobs.find(jobId)
                .map(ResponseEntity::ok)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + jobId));
    }
}
