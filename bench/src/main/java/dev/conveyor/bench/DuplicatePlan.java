package dev.conveyor.bench;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The order the billing-ingest driver sends usage events in: every distinct event once, in index
 * order, with {@code round(distinct × rate)} duplicates spread evenly among them. A duplicate
 * re-sends an event already sent: half of them one of the last {@value #RECENT} (a producer
 * retry or a redelivered poll, usually in the same consumer batch as the original), half any
 * earlier one (a worker that re-processed a job long after, a later batch).
 */
final class DuplicatePlan {

    /** How far back a "recent" duplicate reaches. */
    static final int RECENT = 2_000;

    private static final long SEED = 0xd0b1_e5L;

    private final int distinct;
    private final double rate;

    DuplicatePlan(int distinct, double rate) {
        if (distinct < 0) {
            throw new IllegalArgumentException("distinct events should be 0 or more, was " + distinct);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("duplicate rate should be between 0 and 1, was " + rate);
        }
        this.distinct = distinct;
        this.rate = rate;
    }

    int distinct() {
        return distinct;
    }

    int duplicates() {
        return (int) Math.round(distinct * rate);
    }

    /** Records sent in all: the distinct events and their duplicates. */
    int records() {
        return distinct + duplicates();
    }

    /** Hands each event index to {@code send} in sending order, duplicates included. */
    void forEach(IntConsumer send) {
        SplittableRandom random = new SplittableRandom(SEED);
        long sent = 0;
        for (int i = 0; i < distinct; i++) {
            send.accept(i);
            long due = Math.round((i + 1L) * rate);
            for (; sent < due; sent++) {
                send.accept(earlier(i, random));
            }
        }
    }

    private static int earlier(int last, SplittableRandom random) {
        if (random.nextBoolean()) {
            return last - random.nextInt(Math.min(last, RECENT) + 1);
        }
        return random.nextInt(last + 1);
    }
}
