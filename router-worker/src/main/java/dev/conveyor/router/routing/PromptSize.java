package dev.conveyor.router.routing;

import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;

/**
 * A job's prompt size in tokens, counted with the tokenizer only when a decision depends on it.
 * Every o200k token covers at least one byte of UTF-8, so the prompt's byte length (plus framing)
 * bounds its token count from above: a prompt whose bound fits a model's context window fits it,
 * and most prompts are far below any window. Only a prompt near a window is tokenized, and then
 * once. Ordering by expected cost uses the exact count when there is one, otherwise a quarter of
 * the bytes (about what o200k averages on English and code).
 */
public final class PromptSize {

    private final CompletionRequest job;
    private final int bytesBound;
    private int exact = -1;

    private PromptSize(CompletionRequest job) {
        this.job = job;
        int bytes = 0;
        if (job.getSystemPrompt() != null) {
            bytes += utf8Length(job.getSystemPrompt()) + PromptTokens.PER_MESSAGE;
        }
        for (ChatMessage message : job.getMessages()) {
            bytes += utf8Length(message.getContent()) + PromptTokens.PER_MESSAGE;
        }
        this.bytesBound = bytes;
    }

    public static PromptSize of(CompletionRequest job) {
        return new PromptSize(job);
    }

    /** Whether the prompt takes at most {@code tokens} tokens; tokenizes only when the bound says no. */
    public boolean fitsIn(long tokens) {
        return bytesBound <= tokens || exact() <= tokens;
    }

    /** The exact count (by {@link PromptTokens}), tokenizing on first use. */
    public int exact() {
        if (exact < 0) {
            exact = PromptTokens.count(job);
        }
        return exact;
    }

    /** The exact count if it was needed already, otherwise an estimate from the byte length. */
    public int estimate() {
        return exact >= 0 ? exact : (bytesBound + 3) / 4;
    }

    /** An upper bound on the tokens: the UTF-8 bytes and the framing. */
    int bound() {
        return bytesBound;
    }

    /** UTF-8 length without encoding: 1 byte below U+0080, 2 below U+0800, 4 per surrogate pair, else 3. */
    static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
