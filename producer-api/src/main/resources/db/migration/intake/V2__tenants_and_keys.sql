-- Tenants and their API keys. A key is stored only as SHA-256 over a per-key random salt and the
-- key's secret; key_id (part of the key, not secret) finds the row.
CREATE TABLE tenants (
    tenant_id           TEXT PRIMARY KEY,
    name                TEXT,
    requests_per_minute INT,          -- the API rate limit; NULL: the configured default, 0: none
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    key_id     TEXT PRIMARY KEY,
    tenant_id  TEXT        NOT NULL REFERENCES tenants (tenant_id),
    name       TEXT,
    salt       BYTEA       NOT NULL,
    key_hash   BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
