-- L5: activity logs of many locks for months, partitioned by month so that
-- old months are dropped whole and a lock's recent lines are read from one.
CREATE TABLE activity_logs (
  id              uuid        NOT NULL,
  organisation_id text        NOT NULL,
  lock_id         uuid        NOT NULL,
  at              timestamptz NOT NULL,
  event           text        NOT NULL,
  detail          text        NOT NULL,
  received_at     timestamptz NOT NULL
) PARTITION BY RANGE (at);
-- A line uploaded twice (the app retries) is kept once.
CREATE UNIQUE INDEX activity_logs_line ON activity_logs (lock_id, at, event, detail);
-- Newest first, per lock.
CREATE INDEX activity_logs_by_lock ON activity_logs (lock_id, at DESC, id DESC);
