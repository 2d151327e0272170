package dev.conveyor.router.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's batch API (OpenAI's Batch API, Anthropic's Message Batches): many calls submitted as
 * one batch, answered within 24 hours at batch prices. Each request carries a {@code custom_id} of
 * ours by which its answer is found.
 */
public interface BatchApi {

    /** The configured provider name. */
    String provider();

    /** The most requests one batch may hold (OpenAI 50,000; Anthropic 100,000). */
    int maxRequests();

    /** The most bytes one batch's requests may take (OpenAI 200 MB a file; Anthropic 256 MB). */
    long maxBytes();

    /** The request as it goes into a batch: one line of its input. */
    byte[] line(String customId, ProviderCall call);

    /**
     * Submits a batch of {@linkplain #line lines}, tagged with {@code tag} where the provider keeps
     * metadata, and answers the provider's batch id.
     */
    String submit(String tag, List<byte[]> lines) throws ProviderException;

    /**
     * The batch an earlier submission under {@code tag} made, if the provider has one: a worker that
     * died after submitting and before recording the provider's id left it, and it must not be
     * submitted twice. {@code since}: the submission began no earlier; {@code requests}: it held
     * this many requests.
     */
    Optional<String> findSubmitted(String tag, Instant since, int requests) throws ProviderException;

    /** Where a batch stands. */
    Status status(String batchId) throws ProviderException;

    /** The answer of every request the batch answered, by {@code custom_id}; requests it did not answer are absent. */
    Map<String, Answer> results(Status ended) throws ProviderException;

    /**
     * @param state the provider's own word for it ({@code in_progress}, {@code completed}, {@code ended}, {@code expired}…)
     * @param ended no request of it will be answered any more
     * @param resultRefs the files its answers are in, for a provider that keeps them apart from the batch (OpenAI's output and error files)
     */
    record Status(String batchId, String state, boolean ended, List<String> resultRefs) {}

    /** One request's answer. */
    sealed interface Answer {
        record Answered(Completion completion) implements Answer {}

        record Failed(ProviderException error) implements Answer {}
    }
}
