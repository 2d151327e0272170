#!/usr/bin/env bash
# Measures what the stored state of one job costs in PostgreSQL, per table, from the services' own
# migrations: creates a scratch database, applies them, inserts ROWS realistic rows per table (an
# answer of about 1,500 characters, ~400 output tokens) and prints bytes per row (table, TOAST and
# indexes: pg_total_relation_size) and GB per million jobs; then drops the database.
# Needs psql and a server it may create databases on: PGHOST, PGPORT, PGUSER, PGPASSWORD as psql reads them.
#   scripts/storage-footprint.sh [ROWS]          (README, "Storage and retention")
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-20000}
db="conveyor_footprint_$$"
psql -d postgres -qc "CREATE DATABASE $db"
trap 'psql -d postgres -qc "DROP DATABASE IF EXISTS $db"' EXIT
migrate() { # SCHEMA MODULE
  { echo "CREATE SCHEMA $1; SET search_path=$1;"
    ls "$2"/src/main/resources/db/migration/"$1"/V*__*.sql | sort -t V -k2 -n | xargs cat; } | psql -d "$db" -q -v ON_ERROR_STOP=1
}
migrate routing router-worker
migrate intake producer-api
migrate billing billing-consumer
psql -d "$db" -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
INSERT INTO routing.completions (job_id, tenant_id, status, dead_letter, result, usage)
SELECT 'batch_' || md5(i::text) || '-' || i, 'tenant-' || (i % 20), 'SUCCEEDED', false,
       convert_to(repeat(md5(i::text), 50), 'UTF8') || decode(repeat('00', 150), 'hex'),
       decode(repeat(md5(i::text || 'u'), 8), 'hex')
FROM generate_series(1, :rows) i;
INSERT INTO routing.response_cache (tenant_id, cache_key, content, finish_reason, created_at, expires_at)
SELECT 'tenant-' || (i % 20), encode(sha256(i::text::bytea), 'hex'), repeat(md5(i::text), 47), 'stop', now(),
       now() + interval '7 days'
FROM generate_series(1, :rows) i;
INSERT INTO intake.jobs (job_id, tenant_id, batch_id, task_type, status, content, finish_reason, provider, model,
    input_tokens, output_tokens, cached_input_tokens, cost_usd, latency_ms, attempts, submitted_at, completed_at,
    custom_id, batch_line, request_hash)
SELECT 'batch_' || md5((i / 500)::text) || '-' || i, 'tenant-' || (i % 20), 'batch_' || md5((i / 500)::text),
       'code_analysis', 'succeeded', repeat(md5(i::text), 47), 'stop', 'anthropic', 'claude-sonnet-5', 900, 400, 0,
       0.0058, 2100, 1, now(), now(), 'review/' || i, i % 500, encode(sha256(i::text::bytea), 'hex')
FROM generate_series(1, :rows) i;
INSERT INTO billing.usage_events (event_id, job_id, tenant_id, batch_id, provider, model, task_type, input_tokens,
    output_tokens, cached_input_tokens, cost_usd, cache_hit, status, latency_ms, event_time, usage_month, billed_month)
SELECT gen_random_uuid()::text, 'batch_' || md5((i / 500)::text) || '-' || i, 'tenant-' || (i % 20),
       'batch_' || md5((i / 500)::text), 'anthropic', 'claude-sonnet-5', 'code_analysis', 900, 400, 0, 0.0058, false,
       'SUCCEEDED', 2100, now(), '2026-12', '2026-12'
FROM generate_series(1, :rows) i;
ANALYZE;
SELECT n.nspname || '.' || c.relname AS "table", pg_total_relation_size(c.oid) / :rows AS bytes_per_job,
       round(pg_total_relation_size(c.oid)::numeric / :rows * 1000000 / 1e9, 2) AS gb_per_million_jobs
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE (n.nspname, c.relname) IN (('routing', 'completions'), ('routing', 'response_cache'), ('intake', 'jobs'),
                                 ('billing', 'usage_events'))
ORDER BY 1;
SQL
