package dev.conveyor.api.config;

import dev.conveyor.api.errors.BillingUnavailable;
import dev.conveyor.api.errors.BrokerUnavailable;
import dev.conveyor.api.errors.Conflict;
import dev.conveyor.api.errors.Forbidden;
import dev.conveyor.api.errors.IdempotencyKeyReused;
import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import dev.conveyor.api.errors.PayloadTooLarge;
import dev.conveyor.api.errors.QuotaExceeded;
import dev.conveyor.api.errors.RateLimited;
import dev.conveyor.api.errors.Unauthenticated;
import dev.conveyor.problems.ProblemTypes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every typed error, mapped once to an RFC 9457 problem response; Spring MVC's own errors (405,
 * 406, 415, unknown paths) get problem bodies from the base class. A {@code field} property names
 * the input at fault as a JSON pointer, {@code line} the JSONL line. Messages never carry an API key.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        problem.setProperty("field", e.field());
        if (e.line() != null) {
            problem.setProperty("line", e.line());
        }
        return problem;
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ProblemDetail tooLarge(PayloadTooLarge e) {
        ProblemDetail problem =
                problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-jobs", "Batch too large", e.getMessage());
        problem.setProperty("field", e.field());
        if (e.line() != null) {
            problem.setProperty("line", e.line());
        }
        return problem;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ProblemDetail keyReused(IdempotencyKeyReused e) {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "idempotency-key-reused",
                "Idempotency key reused with a different request",
                e.getMessage());
    }

    @ExceptionHandler(Unauthenticated.class)
    ResponseEntity<ProblemDetail> unauthenticated(Unauthenticated e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"conveyor\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", e.getMessage()));
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(QuotaExceeded.class)
    ResponseEntity<ProblemDetail> quota(QuotaExceeded e) {
        ProblemDetail problem =
                problem(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded", e.getMessage());
        problem.setProperty("limit", e.limit());
        problem.setProperty("limit_value", e.limitValue());
        problem.setProperty("used", e.used());
        return withRetryAfter(HttpStatus.TOO_MANY_REQUESTS, e.retryAfter(), problem);
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
        ProblemDetail problem = problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Rate limit exceeded",
                "This tenant may make " + e.requestsPerMinute() + " requests per minute; retry later");
        problem.setProperty("limit", "requests_per_minute");
        problem.setProperty("limit_value", String.valueOf(e.requestsPerMinute()));
        return withRetryAfter(HttpStatus.TOO_MANY_REQUESTS, e.retryAfter(), problem);
    }

    @ExceptionHandler(BrokerUnavailable.class)
    ResponseEntity<ProblemDetail> brokerDown(BrokerUnavailable e) {
        log.warn("Refused a submission: {}", e.getMessage());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "broker-unavailable",
                "Not accepted",
                e.getMessage() + "; nothing was accepted, retry later (with the same Idempotency-Key)");
        return withRetryAfter(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(5), problem);
    }

    @ExceptionHandler(BillingUnavailable.class)
    ResponseEntity<ProblemDetail> billingDown(BillingUnavailable e) {
        log.warn("billing-consumer did not answer: {}", e.getMessage());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "billing-unavailable",
                "Billing unavailable",
                "Usage cannot be read right now; retry later");
        return withRetryAfter(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(5), problem);
    }

    /** The last resort: a bug. Logged with its stack, answered without internals. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The request failed unexpectedly; it is logged on the server");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException jackson = jacksonCause(e);
        String field = jackson == null ? "/" : JsonPointers.of(jackson);
        String detail = jackson == null
                ? "The request body is missing or not valid JSON for this endpoint"
                : "The request body is not valid JSON for this endpoint at " + field + ": "
                        + JsonPointers.describe(jackson);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", detail);
        problem.setProperty("field", field);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "missing-parameter",
                "Missing parameter",
                "Query parameter '" + e.getParameterName() + "' is required");
        problem.setProperty("field", e.getParameterName());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", "'" + name + "' is invalid");
        problem.setProperty("field", name);
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<ProblemDetail> withRetryAfter(
            HttpStatus status, Duration retryAfter, ProblemDetail problem) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return ProblemTypes.problem(status, type, title, detail);
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                return j;
            }
        }
        return null;
    }

    /**
     * Spring MVC's own errors (unknown route, 405, 406, 415, …) keep their status and detail but get
     * a {@code type} of ours, like every other problem.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            ProblemTypes.typed(problem);
        }
        return answer;
    }
}
