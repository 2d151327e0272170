-- Prompt tokens written to a provider's prompt cache (Anthropic's cache_creation: 5-minute and
-- 1-hour writes together), a token kind of their own beside cached (read) input tokens. Like
-- cached_input_tokens they are part of input_tokens; the event's cost already prices them.
ALTER TABLE usage_events ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE usage_monthly ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0;
