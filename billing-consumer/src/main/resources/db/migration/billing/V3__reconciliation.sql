-- The ledger compared with each provider's own usage and cost reports, per UTC day, model and
-- kind (uncached input, cached input and output tokens, cost in USD); one row per comparison,
-- replaced when the day is reconciled again (providers' reports settle over a day or two).
CREATE TABLE reconciliations (
    usage_day       date           NOT NULL,
    provider        text           NOT NULL,
    model           text           NOT NULL,
    kind            text           NOT NULL,
    ledger_value    numeric(24, 9) NOT NULL,
    provider_value  numeric(24, 9) NOT NULL,
    within_tolerance boolean       NOT NULL,
    checked_at      timestamptz    NOT NULL,
    PRIMARY KEY (usage_day, provider, model, kind)
);
