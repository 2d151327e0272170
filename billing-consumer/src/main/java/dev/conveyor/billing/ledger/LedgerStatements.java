package dev.conveyor.billing.ledger;

import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two multi-row statements of an append. Each binds one PostgreSQL array per column and
 * expands them with {@code unnest}, so a batch of thousands of events is one round trip.
 * Costs and batch savings travel as decimal strings cast to {@code numeric}: exact, never a double.
 */
final class LedgerStatements {

    private static final String INSERT_EVENTS = """
            INSERT INTO billing.usage_events (event_id, job_id, tenant_id, batch_id, provider, model, task_type,
                input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, cost_usd, cache_hit, batch_api,
                batch_savings_usd, status, latency_ms, event_time, usage_month, billed_month)
            SELECT e.event_id, e.job_id, e.tenant_id, e.batch_id, e.provider, e.model, e.task_type,
                e.input_tokens, e.output_tokens, e.cached_input_tokens, e.cache_write_tokens, e.cost_usd, e.cache_hit,
                e.batch_api, e.batch_savings_usd, e.status, e.latency_ms, timestamptz 'epoch' + e.event_ms * interval '1 millisecond', e.usage_month, e.billed_month
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[], ?::boolean[], ?::boolean[],
                ?::numeric[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])
              AS e(event_id, job_id, tenant_id, batch_id, provider, model, task_type,
                input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, cost_usd, cache_hit, batch_api,
                batch_savings_usd, status, latency_ms, event_ms, usage_month, billed_month)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """;

    private static final String ADD_TO_MONTHLY = """
            INSERT INTO billing.usage_monthly AS m (tenant_id, usage_month, provider, model, task_type,
                requests, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, cost_usd,
                batch_savings_usd)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[])
            ON CONFLICT (tenant_id, usage_month, provider, model, task_type) DO UPDATE SET
                requests = m.requests + EXCLUDED.requests,
                input_tokens = m.input_tokens + EXCLUDED.input_tokens,
                output_tokens = m.output_tokens + EXCLUDED.output_tokens,
                cached_input_tokens = m.cached_input_tokens + EXCLUDED.cached_input_tokens,
                cache_write_tokens = m.cache_write_tokens + EXCLUDED.cache_write_tokens,
                cost_usd = m.cost_usd + EXCLUDED.cost_usd,
                batch_savings_usd = m.batch_savings_usd + EXCLUDED.batch_savings_usd
            """;

    private LedgerStatements() {}

    /** Inserts the events not yet in the ledger; answers the ids that were new. */
    static Set<String> insertNew(JdbcClient jdbc, List<UsageRecord> records, Function<UsageRecord, YearMonth> billed) {
        int n = records.size();
        String[] eventId = new String[n], jobId = new String[n], tenantId = new String[n], batchId = new String[n];
        String[] provider = new String[n], model = new String[n], taskType = new String[n], cost = new String[n];
        String[] status = new String[n], usageMonth = new String[n], billedMonth = new String[n];
        String[] savings = new String[n];
        long[] input = new long[n], output = new long[n], cached = new long[n], latency = new long[n];
        long[] eventMs = new long[n], writes = new long[n];
        boolean[] cacheHit = new boolean[n], batchApi = new boolean[n];
        for (int i = 0; i < n; i++) {
            UsageRecord r = records.get(i);
            eventId[i] = r.eventId();
            jobId[i] = r.jobId();
            tenantId[i] = r.tenantId();
            batchId[i] = r.batchId();
            provider[i] = r.provider();
            model[i] = r.model();
            taskType[i] = r.taskType();
            input[i] = r.inputTokens();
            output[i] = r.outputTokens();
            cached[i] = r.cachedInputTokens();
            writes[i] = r.cacheWriteTokens();
            cost[i] = r.costUsd().toPlainString();
            cacheHit[i] = r.cacheHit();
            batchApi[i] = r.batchApi();
            savings[i] = r.batchSavingsUsd().toPlainString();
            status[i] = r.status();
            latency[i] = r.latencyMs();
            eventMs[i] = r.timestamp().toEpochMilli();
            usageMonth[i] = r.usageMonth().toString();
            billedMonth[i] = billed.apply(r).toString();
        }
        List<String> inserted = jdbc.sql(INSERT_EVENTS)
                .params(
                        eventId,
                        jobId,
                        tenantId,
                        batchId,
                        provider,
                        model,
                        taskType,
                        input,
                        output,
                        cached,
                        writes,
                        cost,
                        cacheHit,
                        batchApi,
                        savings,
                        status,
                        latency,
                        eventMs,
                        usageMonth,
                        billedMonth)
                .query(String.class)
                .list();
        return new HashSet<>(inserted);
    }

    static void addToMonthly(JdbcClient jdbc, Map<AggregateKey, Totals> sums) {
        int n = sums.size();
        String[] tenantId = new String[n], month = new String[n], provider = new String[n];
        String[] model = new String[n], taskType = new String[n], cost = new String[n];
        long[] requests = new long[n], input = new long[n], output = new long[n], cached = new long[n];
        long[] writes = new long[n];
        String[] savings = new String[n];
        int i = 0;
        for (Map.Entry<AggregateKey, Totals> entry : sums.entrySet()) {
            AggregateKey key = entry.getKey();
            Totals totals = entry.getValue();
            tenantId[i] = key.tenantId();
            month[i] = key.month().toString();
            provider[i] = key.provider();
            model[i] = key.model();
            taskType[i] = key.taskType();
            requests[i] = totals.requests;
            input[i] = totals.inputTokens;
            output[i] = totals.outputTokens;
            cached[i] = totals.cachedInputTokens;
            writes[i] = totals.cacheWriteTokens;
            cost[i] = totals.costUsd.toPlainString();
            savings[i] = totals.batchSavingsUsd.toPlainString();
            i++;
        }
        jdbc.sql(ADD_TO_MONTHLY)
                .params(
                        tenantId, month, provider, model, taskType, requests, input, output, cached, writes, cost,
                        savings)
                .update();
    }
}
