package dev.conveyor.api.config;

/** Checks on client text before it travels further (Avro and PostgreSQL need well-formed UTF-16). */
public final class Text {

    private Text() {}

    /** False when {@code s} holds a lone surrogate, which no UTF-8 encoder can write faithfully. */
    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || c == '\u0000') {
                return false;
            }
        }
        return true;
    }
}
