-- A job's completion record belongs to its tenant: another tenant's job under the same id is
-- never answered from it (issue 16).
ALTER TABLE completions DROP CONSTRAINT completions_pkey;
ALTER TABLE completions ADD PRIMARY KEY (tenant_id, job_id);
