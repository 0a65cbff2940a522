-- L7: a Bridge authenticates its session with a credential shown once when it
-- is registered; only its hash is kept (K4).
ALTER TABLE accessories ADD COLUMN credential_hash text;
