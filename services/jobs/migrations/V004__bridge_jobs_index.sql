-- L7: the jobs a Bridge carried. The partial index of V003 could not serve the
-- list's generic plan (its filter does not say carried_by <> ''): a plain one.
DROP INDEX jobs_by_bridge;
CREATE INDEX jobs_by_bridge ON jobs (organisation_id, carried_by, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;
