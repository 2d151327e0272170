-- Jobs this router has finished, so a redelivered job is answered without paying for it twice.
CREATE TABLE completions (
    job_id       TEXT PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    completed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
