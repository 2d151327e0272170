-- Batches, and what intake remembers about each job so a retried submission is recognised:
-- request_hash is SHA-256 of the job as accepted; custom_id and batch_line come from the batch file.
CREATE TABLE batches (
    batch_id     TEXT PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    total        INT         NOT NULL,
    request_hash TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX batches_tenant ON batches (tenant_id, created_at);

ALTER TABLE jobs ADD COLUMN custom_id TEXT;
ALTER TABLE jobs ADD COLUMN batch_line INT;
ALTER TABLE jobs ADD COLUMN request_hash TEXT;

CREATE INDEX jobs_batch ON jobs (batch_id, batch_line);
