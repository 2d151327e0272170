-- Job state as producer-api sees it: queued when the broker acknowledged the job, final when
-- its result arrives on the result topic (also for jobs that pipelines produced directly).
CREATE TABLE jobs (
    job_id              TEXT PRIMARY KEY,
    tenant_id           TEXT           NOT NULL,
    batch_id            TEXT,
    task_type           TEXT,
    status              TEXT           NOT NULL,
    content             TEXT,
    finish_reason       TEXT,
    provider            TEXT,
    model               TEXT,
    input_tokens        BIGINT,
    output_tokens       BIGINT,
    cached_input_tokens BIGINT,
    cost_usd            NUMERIC(24, 9),
    latency_ms          BIGINT,
    attempts            INT            NOT NULL DEFAULT 0,
    error_type          TEXT,
    error_message       TEXT,
    submitted_at        TIMESTAMPTZ,
    completed_at        TIMESTAMPTZ
);

CREATE INDEX jobs_tenant ON jobs (tenant_id, submitted_at);
