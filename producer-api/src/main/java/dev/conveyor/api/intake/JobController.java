package dev.conveyor.api.intake;

import dev.conveyor.api.auth.Caller;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JobController {

    private final JobIntake intake;

    JobController(JobIntake intake) {
        this.intake = intake;
    }

    /**
     * 202 once the broker has the job. The same {@code Idempotency-Key} or {@code job_id} with the
     * same body answers the first submission again, without a second job. {@code X-LLM-Model} and
     * {@code X-LLM-Provider} pin the job as the body's {@code model} and {@code provider} do.
     */
    @PostMapping("/v1/jobs")
    ResponseEntity<Map<String, String>> submit(
            Caller caller,
            @RequestBody JobSubmission submission,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestHeader(name = PinHeaders.MODEL, required = false) String modelPin,
            @RequestHeader(name = PinHeaders.PROVIDER, required = false) String providerPin) {
        JobIntake.Accepted accepted = intake.submit(
                caller.tenantId(),
                PinHeaders.apply(submission, modelPin, providerPin),
                IdempotencyKeys.check(idempotencyKey));
        return ResponseEntity.accepted()
                .location(URI.create("/v1/jobs/" + accepted.jobId()))
                .header("Idempotent-Replayed", String.valueOf(accepted.replayed()))
                .body(Map.of("job_id", accepted.jobId(), "status", "queued"));
    }
}
