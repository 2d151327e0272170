package dev.conveyor.api.errors;

/**
 * Input that cannot be accepted, naming the field at fault as a JSON pointer and, inside a JSONL
 * batch, the line. Retrying the same input fails the same way.
 */
public class InvalidRequest extends RuntimeException {

    private final String field;
    private final Long line;

    public InvalidRequest(String field, String message) {
        this(field, message, null);
    }

    private InvalidRequest(String field, String message, Long line) {
        super(message);
        this.field = field;
        this.line = line;
    }

    /** The same fault, located inside a batch: {@code prefix} goes before the field, {@code line} may be null. */
    public InvalidRequest within(String prefix, Long line) {
        String located = "/".equals(field) ? prefix : prefix + field;
        String message = line == null ? getMessage() : "line " + line + ": " + getMessage();
        return new InvalidRequest(located.isEmpty() ? "/" : located, message, line);
    }

    public String field() {
        return field;
    }

    /** The 1-based JSONL line, or null. */
    public Long line() {
        return line;
    }
}
