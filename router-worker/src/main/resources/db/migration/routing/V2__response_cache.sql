-- Completed responses by tenant and canonical request hash, for exact-match replay.
CREATE TABLE response_cache (
    tenant_id     TEXT        NOT NULL,
    cache_key     TEXT        NOT NULL,
    content       TEXT        NOT NULL,
    finish_reason TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, cache_key)
);

CREATE INDEX response_cache_expiry ON response_cache (expires_at);
