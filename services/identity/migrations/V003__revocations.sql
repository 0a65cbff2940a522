-- S4: what other services must refuse at once. A membership's tokens carry
-- its token_version; a role change or a deactivation raises it.
ALTER TABLE memberships ADD COLUMN token_version integer NOT NULL DEFAULT 0;

-- Sessions ended and memberships changed, in the order they were recorded,
-- for the other services' revocation lists (ListRevocations). Kept a day:
-- far longer than any access token lives.
CREATE TABLE revocations (
  sequence        bigserial   PRIMARY KEY,
  session_id      uuid,
  organisation_id text,
  user_id         uuid,
  token_version   integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((session_id IS NOT NULL) <> (organisation_id IS NOT NULL))
);
CREATE INDEX revocations_by_time ON revocations (created_at);
