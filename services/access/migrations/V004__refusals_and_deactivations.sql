-- Custom PINs refused because their digits are taken: counted per person and
-- lock, so that nobody learns a lock's PINs by trying codes one by one.
CREATE TABLE custom_pin_refusals (
  organisation_id text        NOT NULL,
  user_id         text        NOT NULL,
  lock_id         uuid        NOT NULL,
  refused_at      timestamptz NOT NULL
);
CREATE INDEX custom_pin_refusals_by_user ON custom_pin_refusals (user_id, lock_id, refused_at);

-- U5: users identity deactivated, so that a key created while the
-- deactivation was on its way is refused rather than left behind.
CREATE TABLE deactivated_users (
  organisation_id text NOT NULL,
  user_id         text NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
