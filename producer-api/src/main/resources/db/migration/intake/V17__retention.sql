-- Retention (api.storage.Retention) finds finished jobs by when they finished, and batches by age.
CREATE INDEX jobs_completed_at ON jobs (completed_at) WHERE batch_id IS NULL;
CREATE INDEX batches_created_at ON batches (created_at);
