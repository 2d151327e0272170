package dev.conveyor.router.scheduling;

/**
 * A job parked for a call slot. Its state changes only under the slots' lock; the job's own thread
 * reads it after being unparked.
 */
final class Waiter {

    enum State {
        WAITING,
        GRANTED,
        EXPIRED,
        CANCELLED
    }

    final Ticket ticket;
    /** Arrival order: first come, first served among equals. */
    final long seq;

    final Thread thread;
    final long since = System.nanoTime();
    volatile State state = State.WAITING;

    Waiter(Ticket ticket, long seq, Thread thread) {
        this.ticket = ticket;
        this.seq = seq;
        this.thread = thread;
    }

    /** Deadline in epoch milliseconds, or the end of time when there is none: earliest first. */
    long deadlineOrder() {
        return ticket.deadline() == null ? Long.MAX_VALUE : ticket.deadline().toEpochMilli();
    }
}
