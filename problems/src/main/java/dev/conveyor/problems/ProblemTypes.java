package dev.conveyor.problems;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The problem types every Conveyor service answers with: one base URI, one slug per status. */
public final class ProblemTypes {

    /** Every problem's {@code type} is this base and a slug. */
    public static final String TYPE_BASE = "https://conveyor.dev/problems/";

    private ProblemTypes() {}

    /** The problem with its type and title filled in from its status where it has none. */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(TYPE_BASE + slug(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        }
        return problem;
    }

    /** A problem of this type (a slug) and title. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    public static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        };
    }
}
