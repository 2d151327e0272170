-- Job and batch ids are scoped to their tenant: two tenants may use the same id, and neither can
-- observe, claim or collide with the other's (issue 16).
ALTER TABLE jobs DROP CONSTRAINT jobs_pkey;
ALTER TABLE jobs ADD PRIMARY KEY (tenant_id, job_id);
ALTER TABLE batches DROP CONSTRAINT batches_pkey;
ALTER TABLE batches ADD PRIMARY KEY (tenant_id, batch_id);
DROP INDEX jobs_batch;
CREATE INDEX jobs_batch ON jobs (tenant_id, batch_id, batch_line);
