-- A5-A14: Custom PINs, Bluetooth keys and 2FA access beside Remote PINs.
ALTER TABLE accesses DROP CONSTRAINT accesses_status_check;
ALTER TABLE accesses ADD CONSTRAINT accesses_status_check
  CHECK (status IN ('pending', 'active', 'deleting', 'deleted'));
ALTER TABLE accesses
  ADD COLUMN user_id         text,     -- Bluetooth keys and 2FA access: the holder
  ADD COLUMN permissions     text[],   -- Bluetooth keys: unlock, sync, firmware_update, residential
  ADD COLUMN channel         text CHECK (channel IN ('bluetooth', 'bridge')),  -- Custom PINs
  ADD COLUMN pin_digest      bytea,    -- Custom PINs: keyed digest, never the digits (K4)
  ADD COLUMN key_id          uuid,     -- Bluetooth keys: what a revocation names; new on each edit
  ADD COLUMN pending_job_id  uuid,     -- the job whose outcome the access waits for
  ADD COLUMN status_reason   text,     -- why the lock refused a job
  ADD COLUMN deleted_by      text;     -- who deleted it; NULL when a failed job did

-- A Custom PIN equal to another live one on the same lock is refused: the
-- lock could not tell them apart. The index also settles concurrent creates.
CREATE UNIQUE INDEX accesses_live_custom_pin_digits ON accesses (lock_id, pin_digest)
  WHERE type = 'custom_pin' AND status IN ('pending', 'active', 'deleting');
-- U5, A14, A15: a user's keys and access.
CREATE INDEX accesses_by_holder ON accesses (organisation_id, user_id, created_at DESC)
  WHERE user_id IS NOT NULL;
-- Job outcomes find their access by job.
CREATE INDEX accesses_by_pending_job ON accesses (pending_job_id) WHERE pending_job_id IS NOT NULL;
