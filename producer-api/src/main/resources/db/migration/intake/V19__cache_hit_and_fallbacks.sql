-- What the router did for a job, shown by GET /v1/jobs: answered from the response cache, and how
-- many models it gave up on (fell back from) before the one that answered or before failing.
ALTER TABLE intake.jobs ADD COLUMN cache_hit boolean NOT NULL DEFAULT false;
ALTER TABLE intake.jobs ADD COLUMN fallbacks integer NOT NULL DEFAULT 0;
