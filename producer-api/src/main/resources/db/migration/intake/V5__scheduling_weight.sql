-- A tenant's weight in the router's fair share of call slots within a lane (1: an equal share).
-- Set through the admin API; router-worker reads it (read only) every few seconds.
ALTER TABLE tenants ADD COLUMN scheduling_weight INT NOT NULL DEFAULT 1 CHECK (scheduling_weight BETWEEN 1 AND 1000);
