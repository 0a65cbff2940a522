-- L3, L4: an NB-IoT lock authenticates its heartbeats with a credential shown
-- once; only its hash is kept (K4). What its last heartbeat said of its radio.
ALTER TABLE locks ADD COLUMN device_credential_hash text;
ALTER TABLE locks ADD COLUMN signal_strength_dbm integer;
ALTER TABLE locks ADD COLUMN carrier text NOT NULL DEFAULT '';
ALTER TABLE locks ADD COLUMN radio_channel text NOT NULL DEFAULT '';
