-- A15 at a million rows: a rare status or type (pending, custom_pin) would
-- otherwise scan the organisation's whole newest-first index to fill a page.
CREATE INDEX accesses_by_org_status ON accesses (organisation_id, status, created_at DESC, id DESC);
CREATE INDEX accesses_by_org_type ON accesses (organisation_id, type, created_at DESC, id DESC);
