-- Retention (router.storage.Retention) finds completion records by age; response_cache already has
-- its expiry index.
CREATE INDEX completions_completed_at ON completions (completed_at);
