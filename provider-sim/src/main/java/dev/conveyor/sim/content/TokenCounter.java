package dev.conveyor.sim.content;

/**
 * The simulator's tokenizer: one token per started group of four characters, the rule of thumb providers publish
 * for English text. Deterministic, so the same request is always charged the same.
 */
public final class TokenCounter {

    static final int CHARS_PER_TOKEN = 4;

    /** Framing tokens per chat message (role, separators), as OpenAI's chat format adds. */
    public static final int TOKENS_PER_MESSAGE = 4;

    private TokenCounter() {}

    public static int count(String text) {
        return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The longest prefix of {@code text} that counts at most {@code tokens} tokens. */
    public static String truncate(String text, int tokens) {
        long chars = (long) tokens * CHARS_PER_TOKEN;
        return text.length() <= chars ? text : text.substring(0, (int) chars);
    }
}
