-- S10: each time a Remote PIN's digits are sent, so that sharing is rate limited.
CREATE TABLE pin_shares (
  access_id  uuid        NOT NULL,
  user_id    text        NOT NULL,
  shared_at  timestamptz NOT NULL
);
CREATE INDEX pin_shares_by_access ON pin_shares (access_id, shared_at);
