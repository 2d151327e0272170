-- Prompt templates, per tenant, immutable once written: a change is a new version.
-- body is the template as JSON: messages, system_prompt and per-model overrides.
CREATE TABLE templates (
    tenant_id   TEXT        NOT NULL,
    template_id TEXT        NOT NULL,
    version     INT         NOT NULL,
    description TEXT,
    body        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, template_id, version)
);
