package dev.conveyor.router.ratelimit;

/** What a limit counts. */
enum Kind {
    REQUESTS,
    TOKENS
}
