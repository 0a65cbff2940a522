-- U4: Lock Users whose mobile number changed and is not verified again yet;
-- their 2FA access opens nothing meanwhile. From identity's events.
CREATE TABLE unverified_mobiles (
  organisation_id text        NOT NULL,
  user_id         text        NOT NULL,
  since           timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
