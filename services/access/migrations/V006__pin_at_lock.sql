-- What access believes a Custom PIN's lock holds, from its jobs' outcomes
-- (services/access/src/job_outcome.h): 'sent' (its add job is on its way),
-- 'held' (the add landed), 'absent' (the add failed, or a delete landed),
-- 'dropped' (its add job was deleted unsettled: it may still land).
ALTER TABLE accesses ADD COLUMN at_lock text NOT NULL DEFAULT 'sent'
  CHECK (at_lock IN ('sent', 'held', 'absent', 'dropped'));
UPDATE accesses SET at_lock = CASE
    WHEN status = 'active' THEN 'held'
    WHEN status = 'deleted' AND status_reason = 'its job was deleted before it reached the lock' THEN 'dropped'
    WHEN status = 'deleted' THEN 'absent'
    ELSE 'sent' END
  WHERE type = 'custom_pin';
-- Deleting: held only where its add was seen landing (a PIN deleted while
-- pending may never have reached the lock).
UPDATE accesses a SET at_lock = 'held'
  FROM audit_events e
  WHERE a.type = 'custom_pin' AND a.status = 'deleting'
    AND e.action = 'access.activated' AND e.target_id = a.id::text;
-- The job that adds a Custom PIN, kept while a delete job is pending: a PIN
-- whose delete job is deleted before its add landed waits for that add again.
ALTER TABLE accesses ADD COLUMN add_job_id uuid;
UPDATE accesses SET add_job_id = pending_job_id
  WHERE type = 'custom_pin' AND status IN ('pending', 'deleted') AND pending_job_id IS NOT NULL;
-- A delete job made knowing the lock held the PIN: its landing is final. One
-- made before may precede a recreated add (which keeps its age) at the lock.
ALTER TABLE accesses ADD COLUMN final_delete_job_id uuid;
UPDATE accesses SET final_delete_job_id = pending_job_id
  WHERE type = 'custom_pin' AND status = 'deleting' AND at_lock = 'held';
