-- S6: the job as access sealed it for its lock (what the lock applies), and
-- the public key the lock's signed results verify under. Empty for jobs made
-- before sealing: no lock applies those, and they are reported as such.
ALTER TABLE jobs ADD COLUMN sealed bytea NOT NULL DEFAULT ''::bytea;
ALTER TABLE jobs ADD COLUMN result_key bytea NOT NULL DEFAULT ''::bytea;
