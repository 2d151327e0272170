package dev.conveyor.api.text;

/** Checks on client text before it travels further (Avro and PostgreSQL need well-formed UTF-16). */
public final class Text {

    private Text() {}

    /** False when {@code s} holds a lone surrogate, which no UTF-8 encoder can write faithfully. */
    public static boolean wellFormed(String s) {
        return dev.conveyor.schemas.JobRules.wellFormed(s);
    }

    /** The most characters a name or description may have. */
    public static final int MAX_NAME = 200;

    /**
     * Checks an optional name or description: well-formed text without NUL of at most
     * {@link #MAX_NAME} characters, else an {@link dev.conveyor.api.errors.InvalidRequest} naming {@code field}.
     */
    public static void checkName(String text, String field) {
        if (text == null) {
            return;
        }
        if (!wellFormed(text)) {
            throw new dev.conveyor.api.errors.InvalidRequest(
                    field, "text should be valid Unicode without NUL characters");
        }
        if (text.length() > MAX_NAME) {
            throw new dev.conveyor.api.errors.InvalidRequest(field, "at most " + MAX_NAME + " characters");
        }
    }
}
