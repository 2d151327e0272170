-- Calls answered through a provider's batch API (OpenAI Batch, Anthropic Message Batches) for
-- deferrable jobs: cost_usd is already the batch price; batch_savings_usd is what the same tokens
-- would have cost at the synchronous list price less cost_usd (0 for every other call), so a
-- tenant can see what deferral saved it. Exact numeric like cost_usd.
ALTER TABLE usage_events ADD COLUMN batch_api boolean NOT NULL DEFAULT false;
ALTER TABLE usage_events ADD COLUMN batch_savings_usd numeric(24, 9) NOT NULL DEFAULT 0;
ALTER TABLE usage_monthly ADD COLUMN batch_savings_usd numeric(24, 9) NOT NULL DEFAULT 0;
