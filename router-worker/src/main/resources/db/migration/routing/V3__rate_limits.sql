-- Cluster-wide provider rate limits (see router-worker/RATE_LIMITS.md).
-- One row per limit ("bucket", e.g. openai/gpt-4.1-mini/tokens): how far 429s have lowered it and
-- whether the provider asked every worker to pause.
CREATE TABLE rate_limits (
    bucket           TEXT PRIMARY KEY,
    factor           DOUBLE PRECISION NOT NULL DEFAULT 1, -- share of the configured limit in force, lowered on 429
    provider_limit   BIGINT,                               -- a lower per-window limit the provider reported
    paused_until     TIMESTAMPTZ,                          -- no leases before this (Retry-After)
    reduced_window   TIMESTAMPTZ,                          -- the last window a 429 lowered factor in (once per window)
    recovered_window TIMESTAMPTZ                           -- the last window factor was raised back in
);

-- One row per bucket and fixed window (aligned to multiples of the window length, as providers'
-- are). Workers lease permits in chunks: used only grows up to capacity within a window, and a
-- window's permits expire with it, so a dead worker's unused lease is back at the next window.
CREATE TABLE rate_buckets (
    bucket       TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    capacity     BIGINT      NOT NULL,
    used         BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, window_start)
);
