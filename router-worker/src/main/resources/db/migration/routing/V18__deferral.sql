-- Deferral to providers' batch APIs (dev.conveyor.router.deferral): jobs that may wait, kept until
-- their provider batch ends, and the provider batches, each owned by one worker at a time (a lease).
-- Both are scoped by the lane's request topic: routers consuming other topics leave them alone.

CREATE TABLE routing.provider_batches (
    id                text PRIMARY KEY,           -- ours; OpenAI batches carry it in their metadata
    topic             text NOT NULL,              -- the request topic of its jobs' lane
    provider          text NOT NULL,
    model             text NOT NULL,              -- the catalog id
    state             text NOT NULL CHECK (state IN ('SUBMITTING', 'SUBMITTED')),
    provider_batch_id text,                       -- the provider's, once it accepted the batch
    requests          integer NOT NULL,
    bytes             bigint NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    submitted_at      timestamptz,
    polled_at         timestamptz,
    provider_status   text,
    lease_owner       text,
    lease_until       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE routing.deferred_jobs (
    id             bigserial UNIQUE,              -- the request's custom_id in its provider batch
    tenant_id      text NOT NULL,
    job_id         text NOT NULL,
    api_batch_id   text,                          -- the intake batch the job came in (CompletionRequest.batchId)
    lane           text NOT NULL,
    topic          text NOT NULL,                 -- the lane's request topic
    provider       text NOT NULL,
    model          text NOT NULL,
    request        bytea NOT NULL,                -- the planned CompletionRequest, Avro binary
    line_bytes     integer NOT NULL,              -- its request's size in the provider batch
    deadline       timestamptz,
    deferred_at    timestamptz NOT NULL DEFAULT now(),
    provider_batch text REFERENCES routing.provider_batches (id),
    PRIMARY KEY (tenant_id, job_id)
);

CREATE INDEX deferred_jobs_waiting ON routing.deferred_jobs (topic, provider, model, id) WHERE provider_batch IS NULL;
CREATE INDEX deferred_jobs_in_batch ON routing.deferred_jobs (provider_batch) WHERE provider_batch IS NOT NULL;
CREATE INDEX deferred_jobs_api_batch ON routing.deferred_jobs (tenant_id, api_batch_id) WHERE api_batch_id IS NOT NULL;
