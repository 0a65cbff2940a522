-- Events waiting to be published to Redis, written in the same transaction
-- as the change they describe (K3). The relay deletes a row once Redis has it.
CREATE TABLE outbox_events (
  id              bigserial   PRIMARY KEY,
  event_id        uuid        NOT NULL,
  stream          text        NOT NULL,
  type            text        NOT NULL,
  organisation_id text        NOT NULL DEFAULT '',
  payload         bytea       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Events a consumer has applied, so that a redelivery is applied only once.
CREATE TABLE processed_events (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX processed_events_age ON processed_events (processed_at);
