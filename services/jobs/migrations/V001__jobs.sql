-- J1: changes queued for locks. The id is the one access chose, so a request
-- delivered twice makes one job.
CREATE TABLE jobs (
  id              uuid        PRIMARY KEY,
  organisation_id text        NOT NULL,
  lock_id         uuid        NOT NULL,
  access_id       uuid,
  kind            text        NOT NULL,
  channel         text        NOT NULL,  -- 'any', 'bluetooth', 'bridge'
  state           text        NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
  request         bytea       NOT NULL,  -- access's LockJobRequested: sealed PIN, payloads (K4)
  reason          text        NOT NULL DEFAULT '',
  recreated       boolean     NOT NULL DEFAULT false,
  requested_by    text        NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  deleted_at      timestamptz            -- J4: deleted jobs are kept, never sent nor listed
);
-- J3: the dashboard's tabs, newest first.
CREATE INDEX jobs_by_org_state ON jobs (organisation_id, state, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX jobs_by_org ON jobs (organisation_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- A lock's pending jobs, oldest first, for the gateway (a bridge that reconnects, an app sync).
CREATE INDEX jobs_pending_by_lock ON jobs (lock_id, created_at, id)
  WHERE state = 'pending' AND deleted_at IS NULL;
