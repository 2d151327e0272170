package dev.conveyor.api.config;

import dev.conveyor.api.intake.BrokerUnavailable;
import dev.conveyor.api.intake.InvalidJob;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every typed error, mapped once to an RFC 9457 problem response. */
@RestControllerAdvice
class ProblemResponses {

    private static final String TYPE_BASE = "https://conveyor.dev/problems/";

    @ExceptionHandler(InvalidJob.class)
    ProblemDetail invalid(InvalidJob e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid job", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-json",
                "Malformed JSON",
                "The request body is not valid JSON for this endpoint: " + rootMessage(e));
        problem.setProperty("field", "/");
        return problem;
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "missing-parameter", "Missing parameter", e.getMessage());
        problem.setProperty("field", e.getParameterName());
        return problem;
    }

    @ExceptionHandler(BrokerUnavailable.class)
    ResponseEntity<ProblemDetail> brokerDown(BrokerUnavailable e) {
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "broker-unavailable",
                "Job not accepted",
                e.getMessage() + "; nothing was queued, retry later");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null
                ? t.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
    }
}
