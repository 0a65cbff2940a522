-- S7: a lock's secret rotates by a job. Until the job lands the lock keeps
-- the old secret (PINs and keys use it); the jobs sealed meanwhile are sealed
-- under the new one, which the lock takes first. Sealed under the
-- key-encryption key, as the secret.
ALTER TABLE lock_secrets ADD COLUMN rotating_to bytea;
ALTER TABLE lock_secrets ADD COLUMN rotation_job_id uuid;
-- Custom PIN digests (the check for equal digits on one lock) stay keyed by
-- the lock's first secret: a rotation must not make a PIN's digits unequal to
-- themselves.
ALTER TABLE lock_secrets ADD COLUMN digest_secret bytea;
UPDATE lock_secrets SET digest_secret = sealed_secret;
