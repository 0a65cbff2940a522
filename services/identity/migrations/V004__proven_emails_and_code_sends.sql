-- S5: an email is proven once a link sent to it was used. Until then other
-- organisations never rely on the account's password: a link that reaches
-- the address sets it anew.
ALTER TABLE users ADD COLUMN email_proven boolean NOT NULL DEFAULT false;

-- S5: phone codes sent, for the daily cap per user (besides the 30 s spacing).
CREATE TABLE phone_code_sends (
  user_id uuid        NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX phone_code_sends_by_user ON phone_code_sends (user_id, sent_at);
