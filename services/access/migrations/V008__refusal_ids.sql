-- S10: a refusal is reserved before a Custom PIN create and given back when
-- the create is not refused, so each reservation needs its own id.
ALTER TABLE custom_pin_refusals ADD COLUMN id bigserial PRIMARY KEY;
