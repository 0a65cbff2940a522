-- S6: every job access seals for a lock takes the lock's next counter, so
-- that the lock refuses a job it has seen (a replay).
ALTER TABLE lock_secrets ADD COLUMN jobs_sealed bigint NOT NULL DEFAULT 0;
