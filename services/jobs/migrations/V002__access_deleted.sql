-- J4: a job whose access was deleted (after the job failed) is never recreated.
ALTER TABLE jobs ADD COLUMN access_deleted boolean NOT NULL DEFAULT false;
