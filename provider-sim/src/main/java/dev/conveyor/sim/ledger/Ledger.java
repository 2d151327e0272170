package dev.conveyor.sim.ledger;

import dev.conveyor.catalog.Tokens;
import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.LedgerTotals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every call the simulator answered, oldest first, bounded by a capacity; plus per-model totals that are never
 * dropped, so a long benchmark can still compare what was "charged".
 *
 * <p>Entries are stored in columns of primitive arrays, a chunk at a time ({@link LedgerChunk}), not as millions of
 * small objects: a million live {@code LedgerEntry} objects made young collections copy them over and over
 * (docs/decisions.md, D5). Entries become objects again only when read.
 */
public final class Ledger {

    private final int capacity;
    private final ArrayDeque<LedgerChunk> chunks = new ArrayDeque<>();
    private final ConcurrentHashMap<Key, Totals> totals = new ConcurrentHashMap<>();
    private final Names names = new Names();
    private final LedgerPrices prices;
    private int size;

    /** Totals are kept apart for synchronous and batch calls, which the catalog prices differently. */
    private record Key(String protocolAndModel, String model, boolean batch) {}

    public Ledger(int capacity) {
        this(capacity, LedgerPrices.none());
    }

    public Ledger(int capacity, LedgerPrices prices) {
        this.capacity = capacity;
        this.prices = prices;
    }

    public void record(LedgerEntry entry) {
        synchronized (this) {
            var last = chunks.peekLast();
            if (last == null || last.full()) {
                last = new LedgerChunk(names);
                chunks.addLast(last);
            }
            last.add(entry);
            size++;
            while (size - chunks.peekFirst().size() >= capacity) {
                size -= chunks.removeFirst().size();
            }
        }
        totals.computeIfAbsent(
                        new Key(entry.protocol() + "/" + entry.model(), entry.model(), entry.batch()),
                        key -> new Totals())
                .add(entry);
    }

    /** Every entry kept, oldest first; at least the last {@code capacity} ones. */
    public List<LedgerEntry> entries() {
        synchronized (this) {
            var all = new ArrayList<LedgerEntry>(size);
            for (var chunk : chunks) {
                chunk.addTo(all);
            }
            return all;
        }
    }

    /** Totals per "PROTOCOL/model", sorted by key. */
    public Map<String, LedgerTotals> totals() {
        return totals(null);
    }

    /** Totals per "PROTOCOL/model" of batch calls only ({@code true}), synchronous ones only, or all ({@code null}). */
    public Map<String, LedgerTotals> totals(Boolean batch) {
        var snapshot = new TreeMap<String, LedgerTotals>();
        totals.forEach((key, value) -> {
            if (batch == null || batch == key.batch()) {
                snapshot.merge(key.protocolAndModel(), value.snapshot(key, prices), Ledger::sum);
            }
        });
        return snapshot;
    }

    private static LedgerTotals sum(LedgerTotals a, LedgerTotals b) {
        return new LedgerTotals(
                a.calls() + b.calls(),
                a.succeeded() + b.succeeded(),
                a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens(),
                a.cachedInputTokens() + b.cachedInputTokens(),
                a.cacheCreationInputTokens() + b.cacheCreationInputTokens(),
                a.costUsd().add(b.costUsd()));
    }

    public void clear() {
        synchronized (this) {
            chunks.clear();
            size = 0;
        }
        totals.clear();
    }

    /** Strings that repeat across entries (models, finish reasons), stored once and referred to by index. */
    static final class Names {
        private final Map<String, Integer> indexes = new java.util.HashMap<>();
        private final List<String> values = new ArrayList<>();

        /** Called with the ledger's lock held. */
        int indexOf(String name) {
            if (name == null) {
                return -1;
            }
            return indexes.computeIfAbsent(name, key -> {
                values.add(key);
                return values.size() - 1;
            });
        }

        String name(int index) {
            return index < 0 ? null : values.get(index);
        }
    }

    private static final class Totals {
        final LongAdder calls = new LongAdder();
        final LongAdder succeeded = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final LongAdder cachedInputTokens = new LongAdder();
        final LongAdder cacheCreationInputTokens = new LongAdder();

        void add(LedgerEntry entry) {
            calls.increment();
            if (entry.succeeded()) {
                succeeded.increment();
            }
            inputTokens.add(entry.inputTokens());
            outputTokens.add(entry.outputTokens());
            cachedInputTokens.add(entry.cachedInputTokens());
            cacheCreationInputTokens.add(entry.cacheCreationInputTokens());
        }

        LedgerTotals snapshot(Key key, LedgerPrices prices) {
            long input = inputTokens.sum();
            long output = outputTokens.sum();
            long cached = cachedInputTokens.sum();
            long cacheWrites = cacheCreationInputTokens.sum();
            var cost = prices.cost(key.model(), new Tokens(input, cached, cacheWrites, 0, output, key.batch()));
            return new LedgerTotals(calls.sum(), succeeded.sum(), input, output, cached, cacheWrites, cost);
        }
    }
}
