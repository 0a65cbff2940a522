-- O4: what identity learns from org's events, so that a Manager with no
-- department cannot log in to a departmental organisation.
CREATE TABLE organisations (
  id           text    PRIMARY KEY,
  departmental boolean NOT NULL
);
ALTER TABLE memberships ADD COLUMN department_count integer NOT NULL DEFAULT 0;
-- When org said it: an older event arriving late changes nothing.
ALTER TABLE memberships ADD COLUMN department_count_at timestamptz;
