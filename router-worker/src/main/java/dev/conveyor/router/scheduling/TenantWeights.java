package dev.conveyor.router.scheduling;

/** A tenant's weight in the fair share of its lane: 1 unless set (through producer-api's admin API). */
@FunctionalInterface
public interface TenantWeights {

    int weightOf(String tenant);

    /** Every tenant weighs 1. */
    static TenantWeights equal() {
        return tenant -> 1;
    }
}
