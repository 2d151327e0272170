package dev.conveyor.billing.ledger;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The exact ledger. {@link #append} records a batch of usage events in one transaction: new
 * events are inserted (one multi-row statement, {@code ON CONFLICT DO NOTHING} on the event
 * id), only the rows that were really inserted are summed in memory and added to the monthly
 * aggregates (one multi-row upsert), and observers (budgets) run before the commit. Replaying
 * a batch, whole or in part, therefore changes nothing.
 */
@Service
public class Ledger {

    private final JdbcClient jdbc;
    private final List<LedgerObserver> observers;

    Ledger(JdbcClient jdbc, ObjectProvider<LedgerObserver> observers) {
        this.jdbc = jdbc;
        this.observers = observers.orderedStream().toList();
    }

    @Transactional
    public AppendResult append(List<UsageRecord> batch) {
        if (batch.isEmpty()) {
            return new AppendResult(0, 0);
        }
        ExportSeal.holdShared(jdbc);
        List<UsageRecord> distinct = distinctByEventId(batch);
        Map<String, Set<YearMonth>> sealed = sealedMonths(distinct);
        Set<String> inserted = LedgerStatements.insertNew(jdbc, distinct, record -> billedMonth(record, sealed));
        if (inserted.isEmpty()) {
            return new AppendResult(batch.size(), 0);
        }
        List<UsageRecord> fresh = new ArrayList<>(inserted.size());
        for (UsageRecord record : distinct) {
            if (inserted.contains(record.eventId())) {
                fresh.add(record);
            }
        }
        Map<AggregateKey, Totals> sums = Totals.sum(fresh);
        LedgerStatements.addToMonthly(jdbc, sums);
        Set<TenantMonth> touched = new LinkedHashSet<>();
        for (AggregateKey key : sums.keySet()) {
            touched.add(new TenantMonth(key.tenantId(), key.month()));
        }
        observers.forEach(observer -> observer.onAppended(touched));
        return new AppendResult(batch.size(), fresh.size());
    }

    /** First occurrence wins; sorted by id so concurrent writers lock rows in the same order. */
    private static List<UsageRecord> distinctByEventId(List<UsageRecord> batch) {
        Map<String, UsageRecord> byId = new LinkedHashMap<>(batch.size() * 2);
        for (UsageRecord record : batch) {
            byId.putIfAbsent(record.eventId(), record);
        }
        List<UsageRecord> distinct = new ArrayList<>(byId.values());
        distinct.sort(Comparator.comparing(UsageRecord::eventId));
        return distinct;
    }

    private Map<String, Set<YearMonth>> sealedMonths(Collection<UsageRecord> records) {
        Set<String> tenants = new HashSet<>();
        records.forEach(record -> tenants.add(record.tenantId()));
        Map<String, Set<YearMonth>> sealed = new HashMap<>();
        jdbc.sql("SELECT tenant_id, billed_month FROM billing.exports WHERE tenant_id = ANY(?::text[])")
                .param(tenants.toArray(String[]::new))
                .query((rs, n) -> {
                    sealed.computeIfAbsent(rs.getString(1), t -> new HashSet<>())
                            .add(YearMonth.parse(rs.getString(2)));
                    return null;
                })
                .list();
        return sealed;
    }

    /**
     * The event's own month, unless that month's bill was already exported: then the first
     * later month not yet exported, where it shows as an adjustment.
     */
    private static YearMonth billedMonth(UsageRecord record, Map<String, Set<YearMonth>> sealed) {
        YearMonth month = record.usageMonth();
        Set<YearMonth> closed = sealed.getOrDefault(record.tenantId(), Set.of());
        while (closed.contains(month)) {
            month = month.plusMonths(1);
        }
        return month;
    }
}
