-- J4: a Custom PIN whose failed add job was recreated waits for it again, and
-- cannot be deleted from the access list meanwhile.
ALTER TABLE accesses ADD COLUMN job_recreated boolean NOT NULL DEFAULT false;
