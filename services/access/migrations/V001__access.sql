-- Per-lock secrets (A2): made when org says a lock was paired, sealed under
-- the key-encryption key, shown once to the pairing app.
CREATE TABLE lock_secrets (
  lock_id         uuid        PRIMARY KEY,
  organisation_id text        NOT NULL,
  sealed_secret   bytea       NOT NULL,
  epoch           timestamptz NOT NULL,  -- the hour Remote PIN starts count from
  provisioned_at  timestamptz,
  created_at      timestamptz NOT NULL
);

-- A1: every access of every type.
CREATE TABLE accesses (
  id              uuid        PRIMARY KEY,
  organisation_id text        NOT NULL,
  lock_id         uuid        NOT NULL,
  type            text        NOT NULL CHECK (type IN ('remote_pin', 'custom_pin', 'bluetooth_key', 'two_factor')),
  status          text        NOT NULL CHECK (status IN ('pending', 'active', 'deleted')),
  pin_kind        text,
  name            text        NOT NULL,
  start_at        timestamptz NOT NULL,
  end_at          timestamptz,           -- NULL: no end (permanent)
  length_index    integer,               -- Remote PINs: the AlgoPIN fields
  nonce           integer,
  created_by      text        NOT NULL,
  created_at      timestamptz NOT NULL,
  deleted_at      timestamptz
);
-- A Remote PIN's payload is used once per lock, deleted ones included: the
-- lock refuses a revoked payload for good.
CREATE UNIQUE INDEX accesses_remote_pin_payload ON accesses (lock_id, start_at, length_index, nonce)
  WHERE type = 'remote_pin';
-- A15: organisation-wide, newest first.
CREATE INDEX accesses_by_org ON accesses (organisation_id, created_at DESC, id DESC);
CREATE INDEX accesses_by_lock ON accesses (lock_id, created_at DESC);
