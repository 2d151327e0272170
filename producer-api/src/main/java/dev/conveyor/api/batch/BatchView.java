package dev.conveyor.api.batch;

/**
 * A batch as OpenAI's Batch API shows one: {@code status} is {@code in_progress} until every job
 * has a final result, then {@code completed} (failed jobs included); times are Unix seconds.
 *
 * @param costUsd the exact cost of the jobs finished so far, a decimal string
 * @param requestCounts {@code total}, {@code completed} and {@code failed} as OpenAI counts them, and
 *     {@code waiting}: jobs without a final result yet (queued in their lane or in a provider call;
 *     the router does not report when a call starts, so intake cannot tell those two apart). Of the
 *     waiting jobs, the router holds {@code deferred} ones back for a provider's batch API and has
 *     put {@code in_provider_batch} ones in a submitted provider batch ({@link DeferredJobs})
 */
record BatchView(
        String id,
        String object,
        String endpoint,
        String status,
        long createdAt,
        Long completedAt,
        RequestCounts requestCounts,
        String costUsd,
        Usage usage) {

    record RequestCounts(int total, int completed, int failed, int waiting, int deferred, int inProviderBatch) {}

    record Usage(long inputTokens, long outputTokens, long totalTokens) {}

    static BatchView of(BatchStore.Batch batch, BatchStore.Progress progress, DeferredJobs.Counts deferral) {
        boolean done = progress.succeeded() + progress.failed() >= batch.total();
        return new BatchView(
                batch.id(),
                "batch",
                BatchLine.CHAT_COMPLETIONS,
                done ? "completed" : "in_progress",
                batch.createdAt().getEpochSecond(),
                done && progress.lastCompletedAt() != null
                        ? progress.lastCompletedAt().getEpochSecond()
                        : null,
                new RequestCounts(
                        batch.total(),
                        progress.succeeded(),
                        progress.failed(),
                        Math.max(0, batch.total() - progress.succeeded() - progress.failed()),
                        deferral.deferred(),
                        deferral.inProviderBatch()),
                progress.costUsd().stripTrailingZeros().toPlainString(),
                new Usage(
                        progress.inputTokens(),
                        progress.outputTokens(),
                        progress.inputTokens() + progress.outputTokens()));
    }
}
