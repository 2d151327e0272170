package dev.conveyor.api.intake;

import dev.conveyor.api.errors.InvalidRequest;

/**
 * {@code X-LLM-Provider} and {@code X-LLM-Model} on {@code POST /v1/jobs}: the same pins as the
 * body's {@code provider} and {@code model}, for clients that set headers rather than fields. A
 * header that contradicts the body's pin is a 400 naming the header.
 */
final class PinHeaders {

    static final String PROVIDER = "X-LLM-Provider";
    static final String MODEL = "X-LLM-Model";

    private PinHeaders() {}

    static JobSubmission apply(JobSubmission submission, String model, String provider) {
        check(MODEL, model, submission.model(), "model");
        check(PROVIDER, provider, submission.provider(), "provider");
        return submission.withPins(blankToNull(model), blankToNull(provider));
    }

    private static void check(String header, String value, String body, String field) {
        if (value == null) {
            return;
        }
        if (value.isBlank() || value.length() > 128) {
            throw new InvalidRequest(header, header + " should be 1-128 characters");
        }
        if (body != null && !body.equals(value.trim())) {
            throw new InvalidRequest(
                    header, header + " '" + value.trim() + "' contradicts the body's " + field + " '" + body + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
