package dev.conveyor.router.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;

/**
 * Counts a job's prompt tokens with OpenAI's o200k tokenizer, plus a few tokens of framing per
 * message. Other providers' tokenizers differ by some percent, which the context-window check
 * absorbs with its margin.
 */
public final class PromptTokens {

    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    static final int PER_MESSAGE = 4;

    private PromptTokens() {}

    /**
     * Whether {@code text} counts at least {@code tokens} tokens. Every token covers at least one
     * byte of UTF-8, so a text of fewer bytes is answered without tokenizing it.
     */
    public static boolean atLeast(String text, long tokens) {
        return PromptSize.utf8Length(text) >= tokens && O200K.countTokensOrdinary(text) >= tokens;
    }

    public static int count(CompletionRequest job) {
        int tokens = job.getSystemPrompt() == null ? 0 : O200K.countTokensOrdinary(job.getSystemPrompt()) + PER_MESSAGE;
        for (ChatMessage message : job.getMessages()) {
            tokens += O200K.countTokensOrdinary(message.getContent()) + PER_MESSAGE;
        }
        return tokens;
    }
}
