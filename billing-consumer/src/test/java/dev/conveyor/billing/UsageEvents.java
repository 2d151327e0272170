package dev.conveyor.billing;

import dev.conveyor.schemas.EventIds;
import dev.conveyor.schemas.JobStatus;
import dev.conveyor.schemas.Money;
import dev.conveyor.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Usage events for tests. */
public final class UsageEvents {

    private UsageEvents() {}

    public static UsageEvent event(
            String tenant, String model, String taskType, long in, long out, String cost, Instant at) {
        return event(tenant, "sim", model, taskType, in, out, 0, cost, at);
    }

    public static UsageEvent event(
            String tenant,
            String provider,
            String model,
            String taskType,
            long in,
            long out,
            long cached,
            String cost,
            Instant at) {
        String jobId = UUID.randomUUID().toString();
        return UsageEvent.newBuilder()
                .setEventId(EventIds.forCall(tenant, jobId, 0, provider, model))
                .setJobId(jobId)
                .setTenantId(tenant)
                .setBatchId(null)
                .setProvider(provider)
                .setModel(model)
                .setTaskType(taskType)
                .setInputTokens(in)
                .setOutputTokens(out)
                .setCachedInputTokens(cached)
                .setCostUsd(Money.usd(new BigDecimal(cost)))
                .setCacheHit(false)
                .setStatus(JobStatus.SUCCEEDED)
                .setLatencyMs(42)
                .setTimestamp(at)
                .build();
    }

    /** {@code event} answered through a provider's batch API; its tokens at list price cost {@code listCost}. */
    public static UsageEvent batch(UsageEvent event, String listCost) {
        return UsageEvent.newBuilder(event)
                .setBatchApi(true)
                .setListCostUsd(Money.usd(new BigDecimal(listCost)))
                .build();
    }
}
