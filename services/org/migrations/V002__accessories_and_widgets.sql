-- L7: Bridges, Keypads and Keyfobs, linked to locks.
CREATE TABLE accessories (
  id              uuid        PRIMARY KEY,
  organisation_id uuid        NOT NULL REFERENCES organisations (id),
  kind            text        NOT NULL CHECK (kind IN ('bridge', 'keypad', 'keyfob')),
  serial_number   text        NOT NULL,
  name            text        NOT NULL,
  online          boolean     NOT NULL DEFAULT false,  -- bridges, from the gateway's events
  last_seen_at    timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX accessories_serial ON accessories (kind, serial_number);
CREATE INDEX accessories_by_org ON accessories (organisation_id, lower(name), id);

CREATE TABLE accessory_locks (
  accessory_id uuid NOT NULL REFERENCES accessories (id) ON DELETE CASCADE,
  lock_id      uuid NOT NULL REFERENCES locks (id) ON DELETE CASCADE,
  PRIMARY KEY (accessory_id, lock_id)
);
CREATE INDEX accessory_locks_by_lock ON accessory_locks (lock_id);

-- O7: each user's home page widgets, in order.
CREATE TABLE widget_layouts (
  organisation_id uuid    NOT NULL REFERENCES organisations (id),
  user_id         text    NOT NULL,
  widgets         integer[] NOT NULL,
  PRIMARY KEY (organisation_id, user_id)
);
