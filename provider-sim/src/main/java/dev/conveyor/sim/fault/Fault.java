package dev.conveyor.sim.fault;

/** What {@link FaultInjector} decided for one call. */
public record Fault(Kind kind, int status) {

    public enum Kind {
        NONE,
        HANG,
        REFUSE,
        ERROR,
        CONTENT_FILTER
    }

    public static final Fault NONE = new Fault(Kind.NONE, 0);
    static final Fault HANG = new Fault(Kind.HANG, 0);
    static final Fault REFUSE = new Fault(Kind.REFUSE, 0);
    static final Fault CONTENT_FILTER = new Fault(Kind.CONTENT_FILTER, 0);

    static Fault error(int status) {
        return new Fault(Kind.ERROR, status);
    }
}
