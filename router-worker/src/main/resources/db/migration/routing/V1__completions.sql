-- The final outcome of every job this router finished, so a redelivered or duplicated job is
-- answered again with identical content and without paying a provider twice.
CREATE TABLE completions (
    job_id       TEXT PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    dead_letter  BOOLEAN     NOT NULL,
    result       BYTEA       NOT NULL, -- Avro binary CompletionResult
    usage        BYTEA       NOT NULL, -- Avro binary: count, then that many UsageEvents
    completed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
