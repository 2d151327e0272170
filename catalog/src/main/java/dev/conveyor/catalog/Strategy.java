package dev.conveyor.catalog;

/** How a route or chain orders its candidate models (bound from {@code cost}, {@code local-first}, …). */
public enum Strategy {
    /** Cheapest for the job's expected tokens first. */
    COST,
    /** Lowest latency first: observed, else the catalog's typical latency. */
    LATENCY,
    /** Highest quality tier first, cheaper first within a tier. */
    QUALITY,
    /** Quality per dollar, penalised by observed latency and error rate. */
    BALANCED,
    /** Self-hosted models first, then by cost. */
    LOCAL_FIRST,
    /** Models with more of the job's and the chain's capabilities first, then by quality, then cost. */
    CAPABILITY_MATCH
}
