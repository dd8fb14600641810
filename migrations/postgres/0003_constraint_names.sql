-- Names for the constraints the services react to, so the store recognises
-- them by exact name. Kept in lockstep with migrations/sqlite/0003.

ALTER TABLE customer RENAME CONSTRAINT customer_email_key TO customer_email_unique;
