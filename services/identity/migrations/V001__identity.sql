-- People: one login (email and password) whatever the organisations they
-- belong to. What an organisation knows of them is in their membership.
CREATE TABLE users (
  id              uuid        PRIMARY KEY,
  email           text        NOT NULL,  -- lower-cased: unique case-insensitively
  password_hash   text,                  -- Argon2id; NULL until an invitation is accepted
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

-- A person's membership of an organisation, with their role there (O2) and
-- the profile that organisation keeps (O6: one organisation's edits are
-- never seen by another).
CREATE TABLE memberships (
  organisation_id text        NOT NULL,
  user_id         uuid        NOT NULL REFERENCES users (id),
  name            text        NOT NULL,
  mobile          text        NOT NULL DEFAULT '',  -- E.164 or empty
  mobile_verified boolean     NOT NULL DEFAULT false,
  role            text        NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'lock_user')),
  status          text        NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
-- O2: one Owner per organisation.
CREATE UNIQUE INDEX memberships_one_owner ON memberships (organisation_id) WHERE role = 'owner';
CREATE INDEX memberships_by_user ON memberships (user_id);

-- U2: invitation links, stored only as hashes.
CREATE TABLE invitations (
  id              uuid        PRIMARY KEY,
  organisation_id text        NOT NULL,
  user_id         uuid        NOT NULL REFERENCES users (id),
  token_hash      text        NOT NULL UNIQUE,
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
  state           text        NOT NULL CHECK (state IN ('pending', 'accepted', 'superseded', 'cancelled')),
  expires_at      timestamptz NOT NULL,
  created_by      text        NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX invitations_by_member ON invitations (organisation_id, user_id);

-- A login session: the family of refresh tokens descending from one login.
CREATE TABLE sessions (
  id              uuid        PRIMARY KEY,
  user_id         uuid        NOT NULL REFERENCES users (id),
  organisation_id text        NOT NULL,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_reason  text
);
CREATE INDEX sessions_by_member ON sessions (organisation_id, user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  id          uuid        PRIMARY KEY,
  session_id  uuid        NOT NULL REFERENCES sessions (id),
  token_hash  text        NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL
);

-- Failed logins per account ('account:<email>') and per address ('address:<ip>').
CREATE TABLE login_throttle (
  key          text        PRIMARY KEY,
  failures     integer     NOT NULL,
  last_failure timestamptz NOT NULL,
  locked_until timestamptz
);

-- A pending phone verification code per member, stored keyed-hashed.
CREATE TABLE phone_verifications (
  organisation_id text     NOT NULL,
  user_id    uuid        NOT NULL REFERENCES users (id),
  mobile     text        NOT NULL,
  code_hash  text        NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts   integer     NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);

-- Ed25519 keys that sign access tokens; private halves sealed under the
-- key-encryption key. Retired keys still verify until their tokens expire.
CREATE TABLE signing_keys (
  key_id       text        PRIMARY KEY,
  public_key   bytea       NOT NULL,
  sealed_seed  bytea       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- The users list: per organisation and tab, by name (U1).
CREATE INDEX memberships_list ON memberships (organisation_id, status);
