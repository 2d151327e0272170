package dev.conveyor.api.config;

import tools.jackson.core.JacksonException;

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
        return token.replace("~", "~0").replace("/", "~1");
    }
}
