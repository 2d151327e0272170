package dev.conveyor.sim.ledger;

import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Up to {@link #CAPACITY} ledger entries as parallel columns; request ids are UTF-8 bytes in one growing array. Not
 * thread-safe: {@link Ledger} holds its lock around every call.
 */
public final class LedgerChunk {

    static final int CAPACITY = 16_384;
    private static final Protocol[] PROTOCOLS = Protocol.values();

    private final Ledger.Names names;
    private final int[] idEnds = new int[CAPACITY];
    private final byte[] protocols = new byte[CAPACITY];
    private final int[] models = new int[CAPACITY];
    private final int[] inputTokens = new int[CAPACITY];
    private final int[] outputTokens = new int[CAPACITY];
    private final int[] cachedInputTokens = new int[CAPACITY];
    private final int[] cacheCreationInputTokens = new int[CAPACITY];
    private final int[] statuses = new int[CAPACITY];
    private final long[] epochSeconds = new long[CAPACITY];
    private final int[] nanos = new int[CAPACITY];
    private final int[] finishReasons = new int[CAPACITY];
    private final boolean[] batches = new boolean[CAPACITY];
    private byte[] ids = new byte[CAPACITY * 32];
    private int size;

    LedgerChunk(Ledger.Names names) {
        this.names = names;
    }

    boolean full() {
        return size == CAPACITY;
    }

    int size() {
        return size;
    }

    void add(LedgerEntry entry) {
        int i = size;
        byte[] id = entry.requestId().getBytes(StandardCharsets.UTF_8);
        int start = i == 0 ? 0 : idEnds[i - 1];
        if (start + id.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, start + id.length));
        }
        System.arraycopy(id, 0, ids, start, id.length);
        idEnds[i] = start + id.length;
        protocols[i] = (byte) entry.protocol().ordinal();
        models[i] = names.indexOf(entry.model());
        inputTokens[i] = entry.inputTokens();
        outputTokens[i] = entry.outputTokens();
        cachedInputTokens[i] = entry.cachedInputTokens();
        cacheCreationInputTokens[i] = entry.cacheCreationInputTokens();
        statuses[i] = entry.status();
        epochSeconds[i] = entry.time().getEpochSecond();
        nanos[i] = entry.time().getNano();
        finishReasons[i] = names.indexOf(entry.finishReason());
        batches[i] = entry.batch();
        size++;
    }

    void addTo(List<LedgerEntry> entries) {
        for (int i = 0; i < size; i++) {
            int start = i == 0 ? 0 : idEnds[i - 1];
            entries.add(new LedgerEntry(
                    new String(ids, start, idEnds[i] - start, StandardCharsets.UTF_8),
                    PROTOCOLS[protocols[i]],
                    names.name(models[i]),
                    inputTokens[i],
                    outputTokens[i],
                    cachedInputTokens[i],
                    statuses[i],
                    Instant.ofEpochSecond(epochSeconds[i], nanos[i]),
                    cacheCreationInputTokens[i],
                    names.name(finishReasons[i]),
                    batches[i]));
        }
    }
}
