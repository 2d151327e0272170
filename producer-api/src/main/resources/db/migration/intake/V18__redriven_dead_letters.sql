-- Dead-letter records an operator re-drove (POST /v1/admin/dead-letters/redrive): each at most once.
-- A row is committed only after the broker acknowledged the re-published record.
CREATE TABLE redriven_dead_letters (
    topic       TEXT        NOT NULL,
    partition   INT         NOT NULL,
    "offset"    BIGINT      NOT NULL,
    job_id      TEXT,
    redriven_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (topic, partition, "offset")
);
