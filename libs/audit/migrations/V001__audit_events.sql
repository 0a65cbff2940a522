-- K2: who changed what, when, from where. Append-only.
CREATE TABLE audit_events (
  id              bigserial   PRIMARY KEY,
  organisation_id text        NOT NULL,
  actor_user_id   text        NOT NULL,
  action          text        NOT NULL,
  target_type     text        NOT NULL,
  target_id       text        NOT NULL,
  details         jsonb       NOT NULL DEFAULT '{}',
  peer            text        NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_by_org ON audit_events (organisation_id, id DESC);
