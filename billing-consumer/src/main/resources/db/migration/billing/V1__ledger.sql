-- The ledger: one row per provider call, unique by its deterministic event id.
-- Identifiers use the "C" collation: byte order, the cheapest comparison for the indexes that
-- every insert maintains.
CREATE TABLE usage_events (
    event_id            text COLLATE "C" PRIMARY KEY,
    job_id              text        NOT NULL,
    tenant_id           text COLLATE "C" NOT NULL,
    batch_id            text,
    provider            text        NOT NULL,
    model               text        NOT NULL,
    task_type           text        NOT NULL,
    input_tokens        bigint      NOT NULL,
    output_tokens       bigint      NOT NULL,
    cached_input_tokens bigint      NOT NULL,
    cost_usd            numeric(24, 9) NOT NULL,
    cache_hit           boolean     NOT NULL,
    status              text        NOT NULL,
    latency_ms          bigint      NOT NULL,
    event_time          timestamptz NOT NULL,
    -- UTC month of event_time, yyyy-MM
    usage_month         text        NOT NULL,
    -- The month whose bill carries this event: usage_month, or a later month when
    -- usage_month had already been exported when the event arrived (an adjustment).
    billed_month        text        NOT NULL,
    ingested_at         timestamptz NOT NULL DEFAULT now()
);

-- Usage queries and bills of regular events go by tenant and time; the few adjustments
-- (events billed to a later month than their own) have their own small index.
CREATE INDEX usage_events_tenant_time ON usage_events (tenant_id, event_time);
CREATE INDEX usage_events_adjustments ON usage_events (tenant_id, billed_month) WHERE billed_month <> usage_month;

-- Running totals per tenant, UTC month, provider, model and task type; only ever
-- incremented by events that were newly inserted into usage_events in the same transaction.
CREATE TABLE usage_monthly (
    tenant_id           text COLLATE "C" NOT NULL,
    usage_month         text    NOT NULL,
    provider            text    NOT NULL,
    model               text    NOT NULL,
    task_type           text    NOT NULL,
    requests            bigint  NOT NULL,
    input_tokens        bigint  NOT NULL,
    output_tokens       bigint  NOT NULL,
    cached_input_tokens bigint  NOT NULL,
    cost_usd            numeric(24, 9) NOT NULL,
    PRIMARY KEY (tenant_id, usage_month, provider, model, task_type)
);

CREATE TABLE tenants (
    tenant_id           text COLLATE "C" PRIMARY KEY,
    monthly_budget_usd  numeric(24, 9),
    monthly_token_quota bigint,
    thresholds          integer[]   NOT NULL DEFAULT '{50,80,100}',
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Budget alerts, written in the ledger transaction (an outbox) and published afterwards.
CREATE TABLE alerts (
    alert_id            text        PRIMARY KEY,
    tenant_id           text COLLATE "C" NOT NULL,
    usage_month         text        NOT NULL,
    metric              text        NOT NULL,
    threshold_percent   integer     NOT NULL,
    limit_value         numeric(24, 9) NOT NULL,
    used_value          numeric(24, 9) NOT NULL,
    raised_at           timestamptz NOT NULL,
    published_at        timestamptz,
    UNIQUE (tenant_id, usage_month, metric, threshold_percent)
);

CREATE INDEX alerts_unpublished ON alerts (raised_at) WHERE published_at IS NULL;

-- A month whose bill was exported for a tenant; later events for it become adjustments.
CREATE TABLE exports (
    tenant_id           text COLLATE "C" NOT NULL,
    billed_month        text        NOT NULL,
    closed_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, billed_month)
);
