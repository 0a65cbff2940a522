-- O1: flat or departmental.
CREATE TABLE organisations (
  id            uuid        PRIMARY KEY,
  name          text        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('flat', 'departmental')),
  owner_user_id text        NOT NULL,
  created_at    timestamptz NOT NULL
);

-- D1-D3.
CREATE TABLE departments (
  id              uuid        PRIMARY KEY,
  organisation_id uuid        NOT NULL REFERENCES organisations (id),
  name            text        NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
-- D1: unique names, case-insensitively.
CREATE UNIQUE INDEX departments_name ON departments (organisation_id, lower(name));

-- Managers and Lock Users of a department (Owners and Admins are implicit, D4).
CREATE TABLE department_members (
  department_id   uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL,
  user_id         text NOT NULL,
  PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_by_user ON department_members (organisation_id, user_id);

-- P1.
CREATE TABLE properties (
  id              uuid             PRIMARY KEY,
  organisation_id uuid             NOT NULL REFERENCES organisations (id),
  name            text             NOT NULL,
  address         text             NOT NULL,
  latitude        double precision NOT NULL,
  longitude       double precision NOT NULL,
  time_zone       text             NOT NULL,
  created_at      timestamptz      NOT NULL,
  updated_at      timestamptz      NOT NULL
);
CREATE INDEX properties_by_org ON properties (organisation_id, lower(name), id);

CREATE TABLE department_properties (
  department_id uuid NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  property_id   uuid NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
  PRIMARY KEY (department_id, property_id)
);
CREATE INDEX department_properties_by_property ON department_properties (property_id);

-- L1-L3. A serial number is paired to one organisation at a time.
CREATE TABLE locks (
  id                      uuid        PRIMARY KEY,
  organisation_id         uuid        NOT NULL REFERENCES organisations (id),
  serial_number           text        NOT NULL,
  model                   text        NOT NULL,
  name                    text        NOT NULL,
  time_zone               text        NOT NULL,
  battery_percent         integer,
  last_sync_at            timestamptz,
  activity_log_interval_s integer,
  heartbeat_interval_s    integer,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL
);
CREATE UNIQUE INDEX locks_serial ON locks (serial_number);
CREATE INDEX locks_by_org ON locks (organisation_id, lower(name), id);

-- P4: a lock belongs to one or more properties.
CREATE TABLE lock_properties (
  lock_id     uuid NOT NULL REFERENCES locks (id) ON DELETE CASCADE,
  property_id uuid NOT NULL REFERENCES properties (id),
  PRIMARY KEY (lock_id, property_id)
);
CREATE INDEX lock_properties_by_property ON lock_properties (property_id);
