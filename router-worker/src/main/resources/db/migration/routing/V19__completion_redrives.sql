-- The re-drive of a dead-lettered job that made a completion record (DeadLetterHeaders.REDRIVEN),
-- null for any other: a re-drive's outcome replaces a FAILED record made before it, once, and a
-- second delivery of the same re-drive is answered from what it recorded (CompletionRecords.save).
ALTER TABLE completions ADD COLUMN redriven_from text;
