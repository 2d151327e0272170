package dev.conveyor.api.config;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** JSON pointers (RFC 6901) for where Jackson stopped reading. */
public final class JsonPointers {

    private JsonPointers() {}

    /** The pointer to the property or element Jackson failed on; {@code "/"} when it failed before any. */
    public static String of(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getPropertyName() != null) {
                pointer.append(escape(ref.getPropertyName()));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    public static String escape(String token) {
        return dev.conveyor.schemas.JobRules.escape(token);
    }

    /** What is wrong, in JSON's terms: never a Java type name. */
    public static String describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof MismatchedInputException) {
            return "wrong JSON type (numbers, strings, arrays and objects are never converted into one another)";
        }
        if (e instanceof StreamReadException) {
            return "malformed JSON";
        }
        return "not a value this field takes";
    }
}
