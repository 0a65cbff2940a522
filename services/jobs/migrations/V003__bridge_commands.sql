-- L7: the Bridge that carried a job to its lock; a Bridge's page lists them.
ALTER TABLE jobs ADD COLUMN carried_by text NOT NULL DEFAULT '';
CREATE INDEX jobs_by_bridge ON jobs (organisation_id, carried_by, created_at DESC, id DESC)
  WHERE deleted_at IS NULL AND carried_by <> '';
