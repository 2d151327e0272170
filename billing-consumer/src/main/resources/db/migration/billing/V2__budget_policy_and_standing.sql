-- What a tenant's jobs do when their worst-case cost no longer fits the budget (the router
-- decides per call): reject (FAILED with BUDGET_EXCEEDED), downgrade (the cheapest model of the
-- job's chain that still fits) or hold (wait for the next month or a raised budget).
ALTER TABLE tenants ADD COLUMN budget_policy text NOT NULL DEFAULT 'reject'
    CHECK (budget_policy IN ('reject', 'downgrade', 'hold'));

-- The read-only contract through which other services (router-worker's budget reservations) see
-- budgets set here and the ledger's month-to-date spend, without knowing billing's tables.
CREATE VIEW budget_limits AS
SELECT tenant_id, monthly_budget_usd, monthly_token_quota, budget_policy, updated_at
FROM tenants;

CREATE VIEW monthly_spend AS
SELECT tenant_id, usage_month, sum(cost_usd) AS cost_usd, sum(input_tokens + output_tokens) AS tokens
FROM usage_monthly
GROUP BY tenant_id, usage_month;
