package dev.conveyor.api.templates;

import dev.conveyor.api.errors.InvalidRequest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} placeholders (spaces inside the braces allowed). Values are inserted as they
 * are and never scanned again, so a value may itself contain braces.
 */
final class Placeholders {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private Placeholders() {}

    /** The names used in {@code text}; a malformed placeholder is an error naming {@code field}. */
    static Set<String> names(String text, String field) {
        Set<String> names = new LinkedHashSet<>();
        scan(text, field, (name) -> {
            names.add(name);
            return "";
        });
        return names;
    }

    static String render(String text, Map<String, String> values) {
        return scan(text, "/", values::get);
    }

    private static String scan(String text, String field, java.util.function.Function<String, String> value) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                return out.append(text, at, text.length()).toString();
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new InvalidRequest(field, "'{{' at character " + open + " is never closed with '}}'");
            }
            String name = text.substring(open + 2, close).strip();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidRequest(
                        field,
                        "'{{" + abbreviate(name) + "}}' is not a placeholder: names are letters, digits, '_', '.'"
                                + " or '-', starting with a letter or '_'");
            }
            out.append(text, at, open).append(value.apply(name));
            at = close + 2;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
